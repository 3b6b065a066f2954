/*
 * main.c — the medliab command: dispatch to subcommands, --help, --version.
 * Each subcommand parses its own options (getopt_long) and its own --help.
 * This is the only place that ends the process: it returns the exit code
 * a subcommand made of its status (exit_code.c).
 */
#include "cli.h"
#include "h5lib.h"
#include "par.h"
#include "status.h"
#include "version.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "medliab " ML_VERSION " - Monte Carlo simulation of medical liability regimes\n"
    "\n"
    "Usage:\n"
    "  medliab run SCENARIO.yaml [SCENARIO.yaml ...] -o OUT.h5 [options]\n"
    "      Simulate each scenario and write the annual loss samples, summaries\n"
    "      and exceedance curves to OUT.h5 (written to a temporary name, then\n"
    "      renamed). Prints a summary table per scenario.\n"
    "      --replicates N  simulated years (default: the scenario's run.replicates,\n"
    "                      else 10000)\n"
    "      --seed S        64-bit run seed (default: the scenario's run.seed, else 1)\n"
    "      --threads T     OpenMP threads (default: all cores); results do not\n"
    "                      depend on T\n"
    "      --force         overwrite OUT.h5 if it exists\n"
    "      --quiet         print nothing on success (no progress either)\n"
    "      --target-se REL run until the relative standard error of a figure is\n"
    "                      at most REL (e.g. 0.01), or --max-replicates is reached,\n"
    "                      and say which. Checkpoints at 1000 replicates, then as\n"
    "                      the 1/sqrt(n) law predicts; every scenario must meet it.\n"
    "                      The file equals a fixed run of the final length.\n"
    "      --measure NAME[:STAT]  the figure for --target-se (default: insured):\n"
    "                      STAT is mean (default), var90 ... var999 or tvar90 ...\n"
    "                      tvar999, with the standard errors of the summary table\n"
    "      --max-replicates N  cap for --target-se (default 1000000)\n"
    "      --set PATH=VALUE  replace a number of the run files for this run (by\n"
    "                      its field path, e.g. regime.lifecycle.insurance.\n"
    "                      participation=0.8), checked like the file's value\n"
    "      --parameter-draws K  also draw K parameter sets from the numbers\n"
    "                      written with a distribution ({value, range} ...) and\n"
    "                      simulate each with the same seed and replicates:\n"
    "                      each scenario's uncertainty/ group (README,\n"
    "                      \"Uncertainty\")\n"
    "      Progress goes to stderr: a bar on a terminal, else a line every 10%\n"
    "      (or 10 s). The run ends saying what was written where.\n"
    "      MPI (a build with -DMEDLIAB_MPI=ON, started by mpirun or srun): the\n"
    "      ranks split the replicates into contiguous blocks, each runs --threads\n"
    "      threads, and all write one OUT.h5 through parallel HDF5; the file is\n"
    "      the same as a one-process run's. Each rank keeps only its block of\n"
    "      the samples (the summaries are computed across the ranks), except\n"
    "      under --target-se, where every rank gathers all of them.\n"
    "      --replicate-range A:B, --shard K/M  simulate one slice of the replicates\n"
    "                      (A to B-1, or the K-th of M) and write it as a shard\n"
    "  medliab merge OUT.h5 SHARD.h5 [SHARD.h5 ...] [--force] [--threads T] [--quiet]\n"
    "      The results file of the whole run from its shards: identical to one\n"
    "      run of every replicate. Shards that overlap, leave replicates out,\n"
    "      come from another run (seed, replicates, run files, --set) or another\n"
    "      build, or run files changed since, are refused (README, \"Shards\").\n"
    "  medliab exact SCENARIO.yaml [--grid M] [--cdf FILE.csv]\n"
    "      Distribution of the annual insured loss by Panjer recursion (one\n"
    "      hospital, Poisson or negative binomial counts): mean, sd, quantiles,\n"
    "      and optionally the CDF with its exact lower and upper bounds.\n"
    "  medliab report RUN.h5 [RUN.h5 ...] [--currency CUR --rates FILE]\n"
    "                 [--csv FILE] [--markdown FILE] [--plots DIR] [--measure NAME]\n"
    "                 [--html FILE]\n"
    "      The scenarios of results files side by side: mean, sd, VaR99.5 and\n"
    "      TVaR99 of every amount, mean and sd of every count, policy metrics.\n"
    "      Reads the files only; never simulates.\n"
    "      --rates FILE    conversion factors (YAML or CSV: currency, per_base,\n"
    "                      year, source; see scenarios/rates.yaml); amounts are\n"
    "                      converted to --currency (default: the file's base)\n"
    "      --csv, --markdown  also write the table (CSV at full precision)\n"
    "      --plots DIR     exceedance curves, measures as bars, loss histograms\n"
    "                      and policy metrics as PNG and SVG (matplotlib via\n"
    "                      /usr/bin/python3), with the plotted numbers as CSV\n"
    "      --measure NAME  the amount the curves and histograms show (default\n"
    "                      insured)\n"
    "      --html FILE     one self-contained HTML page: the table, comparisons,\n"
    "                      plots (inline SVG) and provenance (files, commits,\n"
    "                      seeds, replicates, parameter draws, exchange rates)\n"
    "  medliab verify [--only NAME...] [--reference DIR] [--rtol R] [--all] [--keep]\n"
    "                 [--results-dir DIR] [--threads T] [--root DIR]\n"
    "      Reproduce the published numbers: rerun every shipped scenario (run files\n"
    "      in scenarios/, scenarios/levers/, scenarios/validation/,\n"
    "      scenarios/national/) as `medliab run` would, at the seed and replicate\n"
    "      count recorded in its reference summary (DIR, default\n"
    "      results/reference/scenarios, one CSV per scenario), and compare every\n"
    "      figure there: mean, sd, VaR99.5 and TVaR99 of each measure, AEP/OEP at\n"
    "      10, 100 and 250 years, policy and stage metrics, and any other table of\n"
    "      the results file.  Prints match or MISMATCH per scenario, each differing\n"
    "      figure (expected, got, relative difference) and a summary line; exit 0\n"
    "      when all match, 6 when any figure differs or is missing.  A rerun that\n"
    "      fails is an 'error' line, the others still run, and verify then exits\n"
    "      with the failure's code (4: a file cannot be written or read).  A figure\n"
    "      matches when |got - expected| <= R |expected| (R default 1e-9): on one\n"
    "      platform a rerun is bit-identical; another compiler or libm may change\n"
    "      the last bits of a draw, which the tolerance absorbs.  Any modelling\n"
    "      change moves figures far more.\n"
    "      --only NAME...  only these scenarios (names, not files)\n"
    "      --all           list every differing figure (default: 20 per scenario)\n"
    "      --keep          keep the rerun's results files and print their folder\n"
    "      --results-dir DIR  write them to DIR as NAME.h5, and keep them\n"
    "      --root DIR      the medliab source tree (default: the one built from)\n"
    "  medliab verify --update [--only NAME...] [--reference DIR]\n"
    "      Rewrite the reference summaries from the shipped run files, at each\n"
    "      file's run.seed and run.replicates (at most 1e7 hospital-years: a\n"
    "      bigger run is referenced at fewer replicates, as its header says);\n"
    "      records the medliab commit.\n"
    "  medliab bench SCENARIO.yaml [--replicates N] [--threads T]\n"
    "      Claims simulated per second on one thread, and the ratio to drawing\n"
    "      the same random variates alone (a life-cycle regime: a count and a\n"
    "      severity per incident).\n"
    "  medliab sources [FILE|DIR ...] [--calibration FILE] [--markdown]\n"
    "                  [--list-unclassified] [--list]\n"
    "      Where every number of the scenario files comes from: counts per file\n"
    "      of numbers sourced (# source: CITATION), fitted (# fitted: ROW_ID of\n"
    "      results/reference/calibration.csv, use = fit), assumptions\n"
    "      (# assumption: REASON), run settings (# setting: REASON) and\n"
    "      unclassified ones (default: scenarios/; `medliab sources --help`\n"
    "      gives the rules). Exit 7 when any number is unclassified.\n"
    "  medliab sensitivity RUN.yaml [RUN.yaml ...] --measure NAME --out DIR\n"
    "                      [--replicates N] [--seed S] [--threads T] [--sobol-rows N]\n"
    "                      [--set PATH=VALUE ...]\n"
    "      How much a headline figure (pure_premium, insured_var995, insured_tvar99,\n"
    "      a policy metric; SCENARIO/NAME for another scenario than the first)\n"
    "      moves with the run files' uncertain numbers: a tornado (each number at\n"
    "      the ends of its range, the others at their values) in DIR/tornado.csv,\n"
    "      .png and .svg, and first-order and total Sobol indices with bootstrap\n"
    "      errors of the numbers that matter (swing >= 5% of the largest, at most\n"
    "      8) in DIR/sobol.csv. Every run uses the same seed and replicates.\n"
    "  medliab --help | --version\n"
    "\n"
    "Exit codes: 0 success; 1 internal error; 2 bad command line; 3 bad scenario\n"
    "file (the message gives file:line: field: what was expected); 4 a file\n"
    "cannot be read or written; 5 the request does not apply to the scenario;\n"
    "6 verify: a figure differs from the reference; 7 sources: a number is\n"
    "unclassified;\n"
    "130 interrupted (no output is left behind).\n"
    "\n"
    "`medliab SUBCOMMAND --help` gives each subcommand's options and an example.\n";

/* What ships with medliab: a static table rather than a look at scenarios/
 * at run time, so that an installed binary says the same without its source
 * tree; ctest cli checks it against the files, so it cannot drift. */
static const struct {
    const char *name, *what;
} regimes[] = {
    {"us", "United States: tort litigation, private liability insurance, state caps"},
    {"uk", "England: state indemnity through NHS Resolution (CNST)"},
    {"japan", "Japan: negotiation, civil suits, no-fault obstetric CP compensation"},
    {"taiwan", "Taiwan: mandatory mediation first (2024 Act), criminal complaints"},
    {"china", "Mainland China: negotiation, people's and administrative mediation, courts"},
}, levers[] = {
    {"accident_reporting", "incidents disclosed: more claims, shorter lags, fewer events"},
    {"compulsory", "compulsory liability insurance: every hospital insured"},
    {"direct_claim", "the injured claim from the insurer, which pays within days"},
    {"duty_to_defend", "the insurer pays and conducts the hospital's defence"},
    {"fixed_recoverable_costs", "England: fixed claimant costs on claims paid GBP 1,501-25,000"},
    {"judicial_confirmation", "people's mediation agreements routinely confirmed by a court"},
    {"legislative_level", "compulsory insurance by State Council regulation, enforced"},
    {"perfect_admin_mediation", "administrative mediation: confirmed agreements, better appraisal"},
    {"product_design", "negotiated settlements recognised, higher limits"},
    {"third_party_mediation", "disputes routed first to third-party (people's) mediation"},
    {"unified_identification", "one damage-identification route for mediation and courts"},
};

static void print_help(void)
{
    fputs(usage, stdout);
    printf("\nRegimes shipped (scenarios/regimes/NAME.yaml; README \"Regimes, the claim life "
           "cycle and reform levers\"):\n");
    for (size_t i = 0; i < sizeof regimes / sizeof regimes[0]; i++)
        printf("  %-24s %s\n", regimes[i].name, regimes[i].what);
    printf("Levers (scenarios/regimes/levers/NAME.yaml; a run file names them by NAME, "
           "levers: [compulsory], or by path; same README section):\n");
    for (size_t i = 0; i < sizeof levers / sizeof levers[0]; i++)
        printf("  %-24s %s\n", levers[i].name, levers[i].what);
    printf("Pricing (a run file's pricing: block; README \"Pricing\"):\n"
           "  %-24s %s\n", "pricing:", "premium loadings, cost of capital, premium, reinsurance "
           "layers");
}

/* `run` inside MPI (when launched by mpirun): HDF5 shuts down before
 * MPI_Finalize, as parallel HDF5 requires. */
static int run_then_close_h5(int argc, char **argv)
{
    int code = ml_cmd_run(argc, argv);
    ml_h5_lib_close();
    return code;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return ML_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        print_help();
        return ML_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("medliab %s (commit %s)\n", ML_VERSION, ml_git_commit);
        return ML_EXIT_OK;
    }
    if (!strcmp(cmd, "run")) {
        ml_par_set_exit_code(ml_exit_code);
        return ml_par_main(run_then_close_h5, argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "merge"))
        return ml_cmd_merge(argc - 1, argv + 1);
    if (!strcmp(cmd, "exact"))
        return ml_cmd_exact(argc - 1, argv + 1);
    if (!strcmp(cmd, "bench"))
        return ml_cmd_bench(argc - 1, argv + 1);
    if (!strcmp(cmd, "report"))
        return ml_cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "verify"))
        return ml_cmd_verify(argc - 1, argv + 1);
    if (!strcmp(cmd, "sources"))
        return ml_cmd_sources(argc - 1, argv + 1);
    if (!strcmp(cmd, "sensitivity"))
        return ml_cmd_sensitivity(argc - 1, argv + 1);
    /* One line naming the commands: the whole usage after a typo hid the
     * message under a screen of text. */
    fprintf(stderr, "medliab: unknown command '%s'; the commands are run, merge, exact, report, "
                    "verify, bench, sources, sensitivity (medliab --help)\n", cmd);
    return ML_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; medliab checks statuses instead. */
    gsl_set_error_handler_off();
    /* HDF5 starts first (before MPI) and stops when the command is done,
     * unless a file close failed (sim/h5/h5lib.h). */
    ml_h5_lib_open();
    int code = dispatch(argc, argv);
    ml_h5_lib_close();
    return code;
}
