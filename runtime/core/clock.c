/* migc runtime: monotonic time and short sleeps, for durations and lock polling.
 * CLOCK_MONOTONIC and nanosleep come from POSIX.1-2008. */
#define _POSIX_C_SOURCE 200809L

#include "clock.h"

#include <time.h>

long
migc_clock_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + (long)(ts.tv_nsec / 1000000L);
}

void
migc_sleep_ms(long ms)
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}
