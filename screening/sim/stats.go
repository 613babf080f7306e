package sim

import (
	"math/bits"
	"math/rand/v2"

	"github.com/zhixi-org/zhixi/screening"
)

// GraphStats describes the shape of a scope's prerequisite graph: what
// makes a screening on it easy or hard. Deep, chain-like graphs have few
// downsets (one answer settles a long chain); wide, shallow ones have many.
type GraphStats struct {
	Points        int
	EdgesPerPoint float64 // direct prerequisites per point
	Sources       int     // points without prerequisites
	MaxDepth      int     // points on the longest prerequisite chain
	MeanDepth     float64 // mean over points of the longest chain ending there
	MaxWidth      int     // most points at one depth
	MeanAncestors float64
	Log10Downsets float64 // estimated, see Bank.Log10Downsets
}

// Stats measures b's graph; the downset count is estimated with the given
// seed.
func Stats(b *screening.Bank, seed uint64) GraphStats {
	g := b.Graph()
	n := g.Len()
	st := GraphStats{Points: n}
	depth := make([]int, n)
	width := map[int]int{}
	edges, anc := 0, 0
	for k := range n {
		ps := g.Prerequisites(k)
		edges += len(ps)
		if len(ps) == 0 {
			st.Sources++
		}
		depth[k] = 1
		for _, p := range ps {
			depth[k] = max(depth[k], depth[p]+1)
		}
		width[depth[k]]++
		st.MaxDepth = max(st.MaxDepth, depth[k])
		st.MeanDepth += float64(depth[k])
		anc += len(g.Ancestors(k))
	}
	for _, w := range width {
		st.MaxWidth = max(st.MaxWidth, w)
	}
	st.EdgesPerPoint = float64(edges) / float64(n)
	st.MeanDepth /= float64(n)
	st.MeanAncestors = float64(anc) / float64(n)
	st.Log10Downsets = b.Log10Downsets(seed, 1000)
	return st
}

// MixingCheck runs two independent uniform-downset chains, one from the
// empty state and one from the full graph, for burn-in sweeps and then
// samples states thinned by thin sweeps, and returns each chain's mean
// state size (as a share of the points) and the largest difference of a
// point's marginal between them: if the chains mix, both agree up to
// sampling noise.
func MixingCheck(b *screening.Bank, seed uint64, burn, thin, samples int) (sizeA, sizeB, maxDiff float64) {
	n := b.Len()
	run := func(full bool, stream uint64) (float64, []float64) {
		r := rand.New(rand.NewPCG(seed, stream))
		s := make([]uint64, (n+63)/64)
		if full {
			for k := range n {
				s[k>>6] |= 1 << (uint(k) & 63)
			}
		}
		b.WalkDownsets(r, s, burn*n)
		marg := make([]float64, n)
		size := 0.0
		for range samples {
			b.WalkDownsets(r, s, thin*n+1)
			for j, x := range s {
				size += float64(bits.OnesCount64(x))
				for x != 0 {
					marg[j<<6|bits.TrailingZeros64(x)]++
					x &= x - 1
				}
			}
		}
		for k := range marg {
			marg[k] /= float64(samples)
		}
		return size / float64(samples*n), marg
	}
	sizeA, ma := run(false, 1)
	sizeB, mb := run(true, 2)
	for k := range ma {
		maxDiff = max(maxDiff, abs(ma[k]-mb[k]))
	}
	return sizeA, sizeB, maxDiff
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
