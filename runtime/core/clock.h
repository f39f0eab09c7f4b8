/* migc runtime: monotonic time and short sleeps, for durations and lock polling.
 * The only module that needs POSIX clocks. */
#ifndef MIGC_CLOCK_H
#define MIGC_CLOCK_H

/* Milliseconds on a monotonic clock (arbitrary origin). */
long migc_clock_ms(void);

/* Sleeps about ms milliseconds. */
void migc_sleep_ms(long ms);

#endif
