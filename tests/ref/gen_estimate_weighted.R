# Weighted reference estimates for tests/ref/estimate_vectors.tsv.
#
# Called by tests/ref/gen_estimate.py (do not run it by hand unless debugging):
#   Rscript tests/ref/gen_estimate_weighted.R RESPONSES.tsv > OUT.tsv
#
# RESPONSES.tsv (written by gen_estimate.py) has one line per response:
#   dataset  low_max  high_min  score  weight
# For every dataset and every statistic (net, top, bottom, mean; same units as
# libxpi: points, percent, scale units) this prints the weighted estimate and
# its linearization (Taylor) standard error from the survey package,
#   svymean(~y, svydesign(ids = ~1, weights = ~w)),
# the Kish effective size (sum w)^2 / sum w^2, the Wald interval
# value +/- qnorm((1 + conf) / 2) * SE and, for the mean, the t interval
# value +/- qt((1 + conf) / 2, n_eff - 1) * SE, at confidence 0.80, 0.90,
# 0.95 and 0.99. Intervals are NOT clipped here (gen_estimate.py clips them to
# the statistic's range, as libxpi does).
#
# Output columns (tab separated, numbers with 17 significant digits):
#   dataset stat method conf value se lower upper n n_eff

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript gen_estimate_weighted.R RESPONSES.tsv")
d <- read.delim(args[1], header = TRUE,
                colClasses = c("character", "numeric", "numeric", "numeric", "numeric"))

f17 <- function(x) sprintf("%.17g", x)
confs <- c("0.80", "0.90", "0.95", "0.99")

cat("dataset\tstat\tmethod\tconf\tvalue\tse\tlower\tupper\tn\tn_eff\n")
cat(sprintf("#R\t%s\tsurvey\t%s\n", R.version.string, as.character(packageVersion("survey"))))
for (id in unique(d$dataset)) {
    s <- d[d$dataset == id, ]
    s$top <- 100 * (s$score >= s$high_min)
    s$bottom <- 100 * (s$score <= s$low_max)
    s$net <- s$top - s$bottom
    s$mean <- s$score
    des <- svydesign(ids = ~1, weights = ~weight, data = s)
    n <- nrow(s)
    neff <- sum(s$weight)^2 / sum(s$weight^2)
    for (stat in c("net", "top", "bottom", "mean")) {
        m <- svymean(as.formula(paste0("~", stat)), des)
        v <- unname(coef(m)[1])
        se <- unname(SE(m)[1])
        for (cs in confs) {
            cf <- as.numeric(cs)
            z <- qnorm((1 + cf) / 2)
            cat(id, stat, "wald", cs, f17(v), f17(se), f17(v - z * se), f17(v + z * se),
                n, f17(neff), sep = "\t")
            cat("\n")
            if (stat == "mean") {
                tq <- qt((1 + cf) / 2, neff - 1)
                cat(id, stat, "t", cs, f17(v), f17(se), f17(v - tq * se), f17(v + tq * se),
                    n, f17(neff), sep = "\t")
                cat("\n")
            }
        }
    }
}
