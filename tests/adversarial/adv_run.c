/*
 * adv_run LIMIT_S STATS CMD [ARG]...: runs CMD (standard streams inherited),
 * kills it if it runs past LIMIT_S seconds of wall time (so a hang cannot
 * stall the test run), and writes "WALL_S MAXRSS_KB EXIT CPU_S" to the file
 * STATS: wall time in seconds, the child's peak resident set in KiB
 * (getrusage via wait4), its exit status (128+signal when killed, "hung"
 * past the limit) and the CPU time it used (user + system, seconds).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: adv_run LIMIT_S STATS CMD [ARG]...\n");
        return 2;
    }
    double limit = atof(argv[1]);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("adv_run: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[3], argv + 3);
        fprintf(stderr, "adv_run: %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    int hung = 0;
    for (;;) {
        pid_t r = wait4(pid, &status, WNOHANG, &ru);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            perror("adv_run: wait4");
            return 2;
        }
        if (!hung && limit > 0 && now() - t0 > limit) {
            kill(pid, SIGKILL);
            hung = 1;
        }
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    double wall = now() - t0;
    FILE *f = fopen(argv[2], "w");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    if (hung) fprintf(f, "%.3f %ld hung %.3f\n", wall, ru.ru_maxrss, cpu);
    else if (WIFSIGNALED(status)) fprintf(f, "%.3f %ld %d %.3f\n", wall, ru.ru_maxrss, 128 + WTERMSIG(status), cpu);
    else fprintf(f, "%.3f %ld %d %.3f\n", wall, ru.ru_maxrss, WEXITSTATUS(status), cpu);
    if (fclose(f) != 0) return 2;
    return 0;
}
