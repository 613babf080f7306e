package screening

import (
	"math"
	"math/rand/v2"
)

// WalkDownsets runs steps proposals of the symmetric single-flip Markov
// chain on the downsets of the bank's graph, starting from the downset s:
// pick a point uniformly, add it if all its prerequisites are in, remove
// it if none of its dependents is in, else stay. Every proposal is its own
// inverse and every downset has the same number of proposals, so the chain
// is reversible with the uniform distribution over downsets as its
// stationary distribution (every feasible knowledge state equally likely);
// the rejections make it aperiodic.
func (b *Bank) WalkDownsets(r *rand.Rand, s []uint64, steps int) {
	b.walkPrefix(r, s, steps, b.graph.Len())
}

// walkPrefix is the same chain on the first n points in topological order
// (a downset-closed part of the graph); points from n on are left alone.
func (b *Bank) walkPrefix(r *rand.Rand, s []uint64, steps, n int) {
	g := b.graph
	for range steps {
		k := r.IntN(n)
		if has(s, k) {
			if anyIn(g.Dependents(k), s) {
				continue
			}
		} else if !allIn(g.Prerequisites(k), s) {
			continue
		}
		flip(s, k)
	}
}

// uniformThin is the chain steps per point between two pool states.
const uniformThin = 8

// UniformPool returns size downsets drawn (approximately) uniformly by one
// long run of WalkDownsets from the empty state: a burn-in of 400 sweeps
// (400·n proposals), then one state every uniformThin sweeps. It is a pure
// function of the bank and the seed.
func (b *Bank) UniformPool(size int, seed uint64) [][]uint64 {
	r := rand.New(rand.NewPCG(seed, 0x756e69666f726d))
	n := b.graph.Len()
	s := make([]uint64, b.words)
	b.WalkDownsets(r, s, 400*n)
	pool := make([][]uint64, size)
	for i := range pool {
		b.WalkDownsets(r, s, uniformThin*n+1)
		pool[i] = append([]uint64(nil), s...)
	}
	return pool
}

// Log10Downsets estimates log10 of the number of downsets (feasible
// knowledge states) of the bank's graph. Counting them exactly is #P-hard,
// so it telescopes: adding point j (all its prerequisites come earlier in
// topological order) to the first j points multiplies the count by
// 1 + P(all prerequisites of j are in), P under the uniform distribution
// on the downsets of the first j points, estimated with samples states of
// one continuing WalkDownsets run (20 sweeps of burn-in per prefix, two
// sweeps and one step between samples).
func (b *Bank) Log10Downsets(seed uint64, samples int) float64 {
	r := rand.New(rand.NewPCG(seed, 0x636f756e74))
	g := b.graph
	s := make([]uint64, b.words)
	log10 := 0.0
	for j := range g.Len() {
		hits := 0
		if j == 0 || len(g.Prerequisites(j)) == 0 {
			hits = samples
		} else {
			b.walkPrefix(r, s, 20*j, j)
			for range samples {
				b.walkPrefix(r, s, 2*j+1, j) // odd: no parity lock-step on tiny prefixes
				if allIn(g.Prerequisites(j), s) {
					hits++
				}
			}
		}
		log10 += math.Log10(1 + float64(hits)/float64(samples))
	}
	return log10
}
