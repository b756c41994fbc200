#!/usr/bin/env python3
"""Generates examples/data/responses.csv: synthetic survey responses for the
quickstart (one row per response; a blank cell is a question not answered).
Deterministic: the same file on every run.

    python3 examples/data/make_responses.py > examples/data/responses.csv
"""
import random

rng = random.Random(20261122)
channels = ["email", "chat", "phone"]
# Per channel: weights of NPS scores 0..10; chat is the unhappy one.
nps_mix = {
    "email": [2, 1, 1, 2, 2, 4, 5, 10, 14, 22, 20],
    "chat": [5, 3, 4, 4, 5, 7, 9, 12, 12, 12, 10],
    "phone": [1, 1, 1, 1, 2, 3, 5, 9, 15, 25, 25],
}
print("date,channel,nps,csat,ces")
for i in range(400):
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    ch = rng.choices(channels, weights=[5, 3, 2])[0]
    nps = rng.choices(range(11), weights=nps_mix[ch])[0] if rng.random() < 0.9 else None
    csat = min(5, max(1, round(1 + (nps if nps is not None else 7) * 0.4 + rng.gauss(0, 0.8)))) \
        if rng.random() < 0.8 else None
    ces = min(7, max(1, round(2 + (nps if nps is not None else 7) * 0.45 + rng.gauss(0, 1.0)))) \
        if rng.random() < 0.6 else None
    cell = lambda v: "" if v is None else str(v)
    print(f"2026-{month:02d}-{day:02d},{ch},{cell(nps)},{cell(csat)},{cell(ces)}")
