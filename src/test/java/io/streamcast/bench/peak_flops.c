/*
 * The core's measured FP32 peak, to compare the engine's GFLOP/s with: twelve independent chains of FMAs on
 * 512-bit and on 256-bit registers (enough to cover the FMA latency), and the clock from a chain of dependent
 * integer adds (one per cycle).
 *
 *   gcc -O2 -march=native -o target/peak_flops src/test/java/io/streamcast/bench/peak_flops.c && target/peak_flops
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    const long iterations = 200000000L;
    __m512 z[12];
    __m512 zb = _mm512_set1_ps(1.0000001f), zc = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++) z[i] = _mm512_set1_ps((float) i);
    double t0 = now();
    for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) z[i] = _mm512_fmadd_ps(z[i], zb, zc);
    }
    double zmm = iterations * 12.0 * 16 * 2 / (now() - t0) / 1e9;
    float sink = 0;
    for (int i = 0; i < 12; i++) sink += _mm512_reduce_add_ps(z[i]);

    __m256 y[12];
    __m256 yb = _mm256_set1_ps(1.0000001f), yc = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < 12; i++) y[i] = _mm256_set1_ps((float) i);
    t0 = now();
    for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; i++) y[i] = _mm256_fmadd_ps(y[i], yb, yc);
    }
    double ymm = iterations * 12.0 * 8 * 2 / (now() - t0) / 1e9;
    for (int i = 0; i < 12; i++) {
        float lanes[8];
        _mm256_storeu_ps(lanes, y[i]);
        for (int k = 0; k < 8; k++) sink += lanes[k];
    }

    long x = 0;
    const long adds = 2000000000L;
    t0 = now();
    for (long n = 0; n < adds; n += 8) {
        __asm__ volatile("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\t"
                         "add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x));
    }
    double clock = adds / (now() - t0) / 1e9;

    printf("clock %.2f GHz\n", clock);
    printf("512-bit FMA: %.1f GFLOP/s = %.1f FLOP/cycle\n", zmm, zmm / clock);
    printf("256-bit FMA: %.1f GFLOP/s = %.1f FLOP/cycle\n", ymm, ymm / clock);
    return sink == 0.5f && x == 0;
}
