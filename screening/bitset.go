package screening

import "math/bits"

// States are bitsets over the scope's knowledge points, one bit per node in
// the graph's topological order, packed into uint64 words. A session keeps
// all its particles in one flat []uint64 so that memory is counted exactly
// and copies are a single copy call.

func words(n int) int { return (n + 63) / 64 }

func has(s []uint64, k int) bool { return s[k>>6]&(1<<(uint(k)&63)) != 0 }

func set(s []uint64, k int) { s[k>>6] |= 1 << (uint(k) & 63) }

func flip(s []uint64, k int) { s[k>>6] ^= 1 << (uint(k) & 63) }

// subset reports whether every bit of m is in s.
func subset(m, s []uint64) bool {
	for i, w := range m {
		if w&^s[i] != 0 {
			return false
		}
	}
	return true
}

// forEach calls fn for every set bit of s, in increasing order.
func forEach(s []uint64, fn func(k int)) {
	for i, w := range s {
		for w != 0 {
			fn(i<<6 | bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
}

// popCount is the number of set bits of s.
func popCount(s []uint64) int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}
