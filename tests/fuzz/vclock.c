/* natter: an IRC server. ISC licence; see the COPYING file. */

/*
 * A clock for the whole-server targets, so that flood control and every
 * timer (registration, PING, text idleness, the greeting, presence
 * notices) can be fuzzed without waiting for them.  natterd reads the
 * time only through libev, and libev reads it with clock_gettime from
 * its shared library.  While the clock is frozen, calls from inside
 * libev get a time that stands still and moves only when the harness
 * says so; every other caller (libFuzzer timing an input, to find one
 * that hangs) and every call outside an input gets the kernel's.  An
 * input starts at the real time of its start, so the clock never runs
 * backwards for long and an input's timers see the same distances
 * whatever ran before it.
 *
 * The definition here takes the place of the C library's for the whole
 * program: the linker exports it, since libev refers to it.  Should
 * libev be linked in statically, every caller gets the frozen time.
 */

#include <sys/syscall.h>

#include <link.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vclock.h"

static int		vclock_frozen;
static struct timespec	vclock_mono, vclock_real;	/* the frozen times */

static uintptr_t	vclock_lo, vclock_hi;	/* libev's code, if shared */
static int		vclock_found;

static int
vclock_kernel(clockid_t id, struct timespec *ts)
{
	return ((int)syscall(SYS_clock_gettime, id, ts));
}

/* Find where libev's code is mapped (dl_iterate_phdr's callback). */
static int
vclock_find_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	const char	*name = info->dlpi_name;
	uintptr_t	 lo;
	int		 i;

	if (name == NULL || strstr(name, "/libev.so") == NULL)
		return (0);
	for (i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type != PT_LOAD ||
		    !(info->dlpi_phdr[i].p_flags & PF_X))
			continue;
		lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
		vclock_lo = lo;
		vclock_hi = lo + info->dlpi_phdr[i].p_memsz;
		return (1);
	}
	return (0);
}

/* Is the caller at pc libev (or anyone, if libev is not shared)? */
static int
vclock_for(const void *pc)
{
	uintptr_t	 p = (uintptr_t)pc;

	if (vclock_hi == 0)
		return (1);
	return (p >= vclock_lo && p < vclock_hi);
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	if (vclock_frozen && vclock_for(__builtin_return_address(0))) {
		switch (id) {
		case CLOCK_MONOTONIC:
		case CLOCK_MONOTONIC_COARSE:
		case CLOCK_MONOTONIC_RAW:
		case CLOCK_BOOTTIME:
			*ts = vclock_mono;
			return (0);
		case CLOCK_REALTIME:
		case CLOCK_REALTIME_COARSE:
			*ts = vclock_real;
			return (0);
		}
	}
	return (vclock_kernel(id, ts));
}

/* Stop the clock at the kernel's present. */
void
vclock_freeze(void)
{
	if (!vclock_found) {
		dl_iterate_phdr(vclock_find_cb, NULL);
		vclock_found = 1;
	}
	vclock_kernel(CLOCK_MONOTONIC, &vclock_mono);
	vclock_kernel(CLOCK_REALTIME, &vclock_real);
	vclock_frozen = 1;
}

/* Give the clock back to the kernel. */
void
vclock_thaw(void)
{
	vclock_frozen = 0;
}

static void
vclock_add(struct timespec *ts, long ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Move the frozen clock on by ms milliseconds. */
void
vclock_advance(long ms)
{
	vclock_add(&vclock_mono, ms);
	vclock_add(&vclock_real, ms);
}
