#!/usr/bin/python3
"""Golden serialized cubes, written from the format in docs/methods.md ("Serialized
cube", "Serialized tally") with Python's struct and zlib.crc32; nothing here uses
libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_cube_golden.py > tests/ref/cube_golden.tsv

Each case is a cube layout, the responses added to it in order, and the bytes the
library must write for it (and read back). Lines:
  cube  NAME  metric(min,max,low_max,high_min,default_stat)  grain  utc_offset  dims
  add   NAME  time  values joined by '|' (empty: the missing value)  score  weight
  bytes NAME  hex
Conventions the writer models (docs/methods.md, "The cube"): value ids in order of
first appearance per dimension, id 0 the missing value; cells in order of first
appearance; bucket = floor((time + offset) / grain); a cell is weighted once a weight
other than 1 reaches it, and then its sums accumulate in add order (unweighted cells
hold their counts as the sums).
"""

import struct
import zlib

PRESETS = {"nps": (1, 0, 10, 6, 9, 1), "csat": (2, 1, 5, 2, 4, 2), "ces": (3, 1, 7, 3, 5, 4)}


class Cube:
    def __init__(self, scale, grain, offset, dims):
        self.scale, self.grain, self.offset, self.dims = scale, grain, offset, dims
        self.values = [[""] for _ in dims]
        self.cells = {}  # key -> [weighted, counts, sum_w, sum_w2]; dicts keep insertion order

    def add(self, time, values, score, weight):
        ids = []
        for d, v in enumerate(values):
            if v not in self.values[d]:
                self.values[d].append(v)
            ids.append(self.values[d].index(v))
        bucket = (time + self.offset) // self.grain  # Python's // floors
        key = (bucket, tuple(ids))
        points = self.scale[2] - self.scale[1] + 1
        cell = self.cells.setdefault(key, [False, [0] * points, [0.0] * points, [0.0] * points])
        i = score - self.scale[1]
        if weight != 1.0 and not cell[0]:
            # Turning weighted: the unit weights so far are the counts.
            cell[0] = True
            cell[2] = [float(c) for c in cell[1]]
            cell[3] = [float(c) for c in cell[1]]
        cell[1][i] += 1
        if cell[0]:
            cell[2][i] += weight
            cell[3][i] += weight * weight
        # unweighted sums are the counts (written below)

    def serialize(self):
        out = b"XPIC" + struct.pack("<HH", 1, 0)
        out += struct.pack("<6i", *self.scale)
        out += struct.pack("<iiII", self.grain, self.offset, len(self.dims), len(self.cells))
        for name, vals in zip(self.dims, self.values):
            nb = name.encode()
            out += struct.pack("<H", len(nb)) + nb + struct.pack("<I", len(vals))
            for v in vals[1:]:
                vb = v.encode()
                out += struct.pack("<H", len(vb)) + vb
        for (bucket, ids), (weighted, counts, sw, sw2) in self.cells.items():
            out += struct.pack("<q", bucket) + b"".join(struct.pack("<I", i) for i in ids)
            out += struct.pack("<H", 1 if weighted else 0)
            for c, w, w2 in zip(counts, sw, sw2):
                if not weighted:
                    w = w2 = float(c)
                out += struct.pack("<Qdd", c, w, w2)
        return out + struct.pack("<I", zlib.crc32(out) & 0xFFFFFFFF)


CASES = [
    ("nps_two_dims", "nps", 86400, 0, ["region", "channel"], [
        (1767225600, ["north", "email"], 10, 1.0),
        (1767225600 + 3600, ["north", "email"], 3, 1.0),
        (1767225600 + 86400, ["south", "chat"], 8, 1.0),
        (1767225600 + 5, ["", "email"], 9, 1.0),
        (1767225600 + 86399, ["north", ""], 0, 1.0),
        (1767225600 + 86400 * 3, ["south", "email"], 7, 1.0),
        (1767225600 + 10, ["north", "email"], 10, 1.0),
    ]),
    ("csat_hours_weighted", "csat", 3600, 7200, ["product"], [
        (1767225600, ["Ä-Gerät"], 5, 1.0),
        (1767225600 + 60, ["Ä-Gerät"], 4, 0.25),
        (1767225600 + 120, ["Ä-Gerät"], 5, 1.5),
        (1767225600 + 7200, ["widget"], 1, 2.0),
        (1767225600 + 7260, ["widget"], 1, 1.0),
        (1767225600 - 1, ["widget"], 3, 1.0),
    ]),
    ("custom_time_only", (0, -5, 5, -1, 2, 4), 60, -3600 * 5, [], [
        (-1, [], -5, 1.0),
        (-60, [], 5, 1.0),
        (-61, [], 0, 3.0),
        (0, [], 2, 1.0),
        (59, [], 2, 1.0),
        (-62135596800, [], 1, 1.0),
        (253402300799, [], -1, 0.5),
    ]),
]


def main():
    print("# kind\tname\t... (see tests/ref/gen_cube_golden.py)")
    for name, metric, grain, offset, dims, responses in CASES:
        scale = PRESETS[metric] if isinstance(metric, str) else metric
        cube = Cube(scale, grain, offset, dims)
        print("\t".join(["cube", name, ",".join(map(str, scale)), str(grain), str(offset),
                         ",".join(dims) if dims else "-"]))
        for t, values, score, weight in responses:
            cube.add(t, values, score, weight)
            print("\t".join(["add", name, str(t), "|".join(values), str(score), repr(weight)]))
        print("\t".join(["bytes", name, cube.serialize().hex()]))


if __name__ == "__main__":
    main()
