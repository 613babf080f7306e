package curriculum

import (
	"fmt"
	"math/rand/v2"
)

// Template is a parametric item: one template yields many concrete items
// whose answers are computed exactly (math/big.Rat, never floats) and
// reproduced from a seed.
type Template struct {
	ID              string
	KnowledgePoints []string
	Type            ItemType
	// Generate draws parameters from r and returns the item's stem,
	// options, answer and worked explanation. It must use only r for
	// randomness so that a seed reproduces the item.
	Generate func(r *rand.Rand) Item
	// Verify re-derives or substitutes back the generated answer by a route
	// independent of Generate (e.g. plugs a root into the equation) and
	// returns an error when the item is wrong. It is the template's
	// self-check, run by `zhixi content check` over many seeds.
	Verify func(it Item) error
}

// Instance generates the item for seed and self-checks it.
func (t Template) Instance(seed int64) (Item, error) {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5a48495849))
	it := t.Generate(r)
	it.ID = fmt.Sprintf("%s#%d", t.ID, seed)
	it.Template = t.ID
	it.Seed = seed
	if it.Type == "" {
		it.Type = t.Type
	}
	if len(it.KnowledgePoints) == 0 {
		it.KnowledgePoints = t.KnowledgePoints
	}
	if t.Verify != nil {
		if err := t.Verify(it); err != nil {
			return it, fmt.Errorf("template %s seed %d: %w", t.ID, seed, err)
		}
	}
	return it, nil
}
