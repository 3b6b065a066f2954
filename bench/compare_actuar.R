# compare_actuar.R -- the R actuar side of bench/compare.sh (a benchmark).
# Validation model v1 as an actuary would write it in R:
# rcompound(n, rpois(20), rlnorm(10, 1.2)), then the summary medliab writes
# for the annual total, by medliab's rules (sim/results/stats.c): the
# p-quantile is the sorted sample's element ceil(n p) (R's quantile type 1)
# and TVaR_p = VaR_p + sum((x - VaR_p)+) / (n (1 - p)).  SIMPLIFY = FALSE
# returns the claim counts rcompound drew as well (actuar >= 3.0), so the
# claims counted are the ones simulated, not 20 per replicate; it is the
# same computation, only more of it is returned.  Only that computation is
# timed, not R's start or loading actuar: bench/compare.sh times the whole
# process separately.
#   usage: Rscript compare_actuar.R REPLICATES SEED
# prints `key value` lines for bench/compare.sh to read.
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[1]); seed <- as.integer(args[2])
suppressMessages(library(actuar))
# Levels in per mille, ranks in whole numbers (as stats.c does): n * 0.99
# in floating point can land above a whole number and move the rank by one.
permille <- c(500, 900, 950, 990, 995, 999)
set.seed(seed)
t0 <- proc.time()
sim <- rcompound(n, rpois(20), rlnorm(10, 1.2), SIMPLIFY = FALSE)
x <- sim$aggregate
s <- sort(x)
q <- s[pmax((n * permille + 999) %/% 1000, 1)]
v <- q[permille == 990]
tvar99 <- v + sum(pmax(s - v, 0)) / (n * (1 - 0.99))
m <- mean(x)
# actuar masks stats' sd with a generic of its own: name the one meant.
sdev <- stats::sd(x)
t1 <- proc.time() - t0
cat(sprintf("compute_s %.6f\n", t1[["elapsed"]]))
cat(sprintf("compute_cpu_s %.6f\n", t1[["user.self"]] + t1[["sys.self"]]))
cat(sprintf("claims %.0f\n", sum(as.numeric(sim$frequency))))
cat(sprintf("replicates %d\n", n))
cat(sprintf("mean %.10g\n", m))
# The standard error of the mean from this sample's own sd.
cat(sprintf("se %.10g\n", sdev / sqrt(n)))
cat(sprintf("sd %.10g\n", sdev))
cat(sprintf("q%s %.10g\n", as.character(permille / 1000), q), sep = "")
cat(sprintf("tvar0.99 %.10g\n", tvar99))
