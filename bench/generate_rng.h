// stagegate-generate's randomness: splitmix64 streams, one per part of the
// model, and the sampling helper every part uses. Only integer arithmetic and
// exact floating-point products, so the same seed gives the same choices on
// every platform; that is what keeps the generated files byte-identical.
#ifndef STAGEGATE_BENCH_GENERATE_RNG_H_
#define STAGEGATE_BENCH_GENERATE_RNG_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace stagegate::bench {

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream)
      : state_(seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Unit() < p; }
  // In [lo, hi], skewed towards lo (cube of a uniform).
  uint32_t Skewed(uint32_t lo, uint32_t hi) {
    if (hi <= lo) return lo;
    const double u = Unit();
    return lo + static_cast<uint32_t>(u * u * u * (hi - lo + 1));
  }
  // In [lo, hi], mildly skewed towards lo (square of a uniform).
  uint32_t Skewed2(uint32_t lo, uint32_t hi) {
    if (hi <= lo) return lo;
    const double u = Unit();
    return lo + static_cast<uint32_t>(u * u * (hi - lo + 1));
  }
  // An index in [0, n) favouring small indices (square of a uniform).
  uint32_t Favour(uint32_t n) {
    const double u = Unit();
    return static_cast<uint32_t>(u * u * n);
  }
  // Picks by integer weights.
  template <size_t N>
  uint32_t Weighted(const std::array<uint32_t, N>& w) {
    uint32_t total = 0;
    for (uint32_t x : w) total += x;
    uint32_t r = Below(total);
    for (uint32_t i = 0; i < N; ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return N - 1;
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(static_cast<uint32_t>(i))]);
  }

 private:
  uint64_t state_;
};

// Streams: each part of the model draws from its own, so editing one part of
// the generator does not reshuffle the others, and --change never disturbs
// the organisation it edits.
enum Stream : uint64_t {
  kSApps = 1,
  kSVersions,
  kSSources,
  kSAppLinks,
  kSUsers,
  kSNames,
  kSGroups,
  kSMembers,
  kSOwners,
  kSAssertions,
  kSChanges,
};

// Distinct random picks from `from` (count capped at its size), sorted.
inline std::vector<uint32_t> Sample(Rng& rng, const std::vector<uint32_t>& from, uint32_t count) {
  std::vector<uint32_t> pool = from;
  count = std::min<uint32_t>(count, static_cast<uint32_t>(pool.size()));
  for (uint32_t i = 0; i < count; ++i) {
    std::swap(pool[i], pool[i + rng.Below(static_cast<uint32_t>(pool.size()) - i)]);
  }
  pool.resize(count);
  std::sort(pool.begin(), pool.end());
  return pool;
}

// Sample of between `lo` and `hi` of `from` (both capped at its size),
// skewed towards `lo` so most picks are small and a few are large.
inline std::vector<uint32_t> SampleSkewed(Rng& rng, const std::vector<uint32_t>& from, uint32_t lo,
                                          uint32_t hi) {
  const uint32_t size = static_cast<uint32_t>(from.size());
  return Sample(rng, from, rng.Skewed2(std::min(lo, size), std::min(hi, size)));
}

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_RNG_H_
