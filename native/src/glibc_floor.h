/* Force-included (-include) into every C file of the linux-gnu builds: binds the glibc functions whose default symbol
 * version is newer than the floor (GLIBC_2.17) to their oldest version instead.
 *
 * glibc 2.34 moved libpthread into libc and gave the moved functions a new default version, GLIBC_2.34, while keeping
 * the old ones as compatibility symbols. A library linked against Debian 12's glibc therefore asks for
 * pthread_create@GLIBC_2.34 and does not load on RHEL 8, Debian 10 or Ubuntu 20.04. A .symver directive makes each
 * reference name the architecture's first glibc version instead (GLIBC_2.2.5 on x86-64, GLIBC_2.17 on arm64), which
 * every glibc since then resolves, from libpthread.so.0 before 2.34 (the build links it as a dependency for that) and
 * from libc.so.6 after. In glibc 2.34 and later both versions of each name are one function at one address.
 *
 * Only functions the library actually calls are listed; the check after every link (cmake/CheckLibrary.cmake) fails
 * the build if any symbol still needs a version above the floor, so a new call shows up there. */
#ifndef NUMCODECS_GLIBC_FLOOR_H
#define NUMCODECS_GLIBC_FLOOR_H

#ifndef NUMCODECS_GLIBC_BASE_VERSION
#error "NUMCODECS_GLIBC_BASE_VERSION (the architecture's first glibc symbol version) must be defined."
#endif

#define NUMCODECS_GLIBC_STRING2(x) #x
#define NUMCODECS_GLIBC_STRING(x) NUMCODECS_GLIBC_STRING2(x)
#define NUMCODECS_GLIBC_OLDEST(name) \
    __asm__(".symver " #name "," #name "@" NUMCODECS_GLIBC_STRING(NUMCODECS_GLIBC_BASE_VERSION))

NUMCODECS_GLIBC_OLDEST(pthread_create);
NUMCODECS_GLIBC_OLDEST(pthread_join);
NUMCODECS_GLIBC_OLDEST(pthread_once);
NUMCODECS_GLIBC_OLDEST(pthread_barrier_init);
NUMCODECS_GLIBC_OLDEST(pthread_barrier_destroy);
NUMCODECS_GLIBC_OLDEST(pthread_barrier_wait);

#endif
