/*
 * version.h — the software version and the git commit it was built from
 * (the commit is refreshed at every build by cmake/git_commit.cmake).
 */
#ifndef ML_VERSION_H
#define ML_VERSION_H

#define ML_VERSION "0.1.0"
extern const char ml_git_commit[];

#endif
