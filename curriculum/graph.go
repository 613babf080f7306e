package curriculum

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Graph is a validated prerequisite DAG over knowledge points. Nodes are
// numbered 0..Len()-1 in a topological order (every prerequisite before its
// dependents), which is what the engines iterate over.
type Graph struct {
	nodes []KnowledgePoint
	index map[string]int
	pre   [][]int // direct prerequisites, by node
	post  [][]int // direct dependents, by node
}

// GraphError names every offending id so an author can fix a file in one go.
type GraphError struct {
	Duplicates []string    // ids defined more than once
	Dangling   [][2]string // {point, missing prerequisite}
	Cycle      []string    // one cycle, in order, first id repeated at the end
	Empty      bool
}

func (e *GraphError) Error() string {
	var parts []string
	if e.Empty {
		parts = append(parts, "no knowledge points")
	}
	if len(e.Duplicates) > 0 {
		parts = append(parts, "duplicate knowledge point ids: "+strings.Join(e.Duplicates, ", "))
	}
	for _, d := range e.Dangling {
		parts = append(parts, fmt.Sprintf("knowledge point %s: prerequisite %s does not exist", d[0], d[1]))
	}
	if len(e.Cycle) > 0 {
		parts = append(parts, "prerequisite cycle: "+strings.Join(e.Cycle, " -> "))
	}
	return "invalid knowledge graph: " + strings.Join(parts, "; ")
}

// NewGraph validates kps (unique ids, prerequisites that exist, no cycle)
// and builds the graph. The error is a *GraphError.
func NewGraph(kps []KnowledgePoint) (*Graph, error) {
	ge := &GraphError{Empty: len(kps) == 0}
	byID := make(map[string]int, len(kps))
	for i, kp := range kps {
		if _, dup := byID[kp.ID]; dup {
			ge.Duplicates = append(ge.Duplicates, kp.ID)
			continue
		}
		byID[kp.ID] = i
	}
	for _, kp := range kps {
		for _, p := range kp.Prerequisites {
			if _, ok := byID[p]; !ok {
				ge.Dangling = append(ge.Dangling, [2]string{kp.ID, p})
			}
		}
	}
	if ge.Empty || len(ge.Duplicates) > 0 || len(ge.Dangling) > 0 {
		return nil, ge
	}
	order, cycle := topoSort(kps, byID)
	if cycle != nil {
		ge.Cycle = cycle
		return nil, ge
	}
	g := &Graph{index: make(map[string]int, len(kps))}
	for _, i := range order {
		g.index[kps[i].ID] = len(g.nodes)
		kp := kps[i]
		kp.Prerequisites = slices.Clone(kp.Prerequisites)
		g.nodes = append(g.nodes, kp)
	}
	g.pre = make([][]int, len(g.nodes))
	g.post = make([][]int, len(g.nodes))
	for i, kp := range g.nodes {
		seen := map[int]bool{}
		for _, p := range kp.Prerequisites {
			j := g.index[p]
			if seen[j] {
				continue
			}
			seen[j] = true
			g.pre[i] = append(g.pre[i], j)
			g.post[j] = append(g.post[j], i)
		}
		sort.Ints(g.pre[i])
	}
	return g, nil
}

// topoSort returns a deterministic topological order (Kahn's algorithm,
// ties broken by input position), or one cycle when there is none.
func topoSort(kps []KnowledgePoint, byID map[string]int) (order []int, cycle []string) {
	indeg := make([]int, len(kps))
	post := make([][]int, len(kps))
	for i, kp := range kps {
		for _, p := range kp.Prerequisites {
			j := byID[p]
			post[j] = append(post[j], i)
			indeg[i]++
		}
	}
	var ready []int
	for i := range kps {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, i)
		for _, j := range post[i] {
			indeg[j]--
			if indeg[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	if len(order) == len(kps) {
		return order, nil
	}
	return nil, findCycle(kps, byID, indeg)
}

// findCycle walks prerequisite edges among the nodes left with positive
// in-degree; every such node lies on or behind a cycle.
func findCycle(kps []KnowledgePoint, byID map[string]int, indeg []int) []string {
	start := -1
	for i := range kps {
		if indeg[i] > 0 {
			start = i
			break
		}
	}
	pos := map[int]int{}
	var path []int
	for i := start; ; {
		if at, ok := pos[i]; ok {
			var ids []string
			for _, j := range path[at:] {
				ids = append(ids, kps[j].ID)
			}
			// path follows "needs" edges; print in learning order.
			slices.Reverse(ids)
			return append(ids, ids[0])
		}
		pos[i] = len(path)
		path = append(path, i)
		next := -1
		for _, p := range kps[i].Prerequisites {
			if j := byID[p]; indeg[j] > 0 {
				next = j
				break
			}
		}
		i = next
	}
}

// Len is the number of knowledge points.
func (g *Graph) Len() int { return len(g.nodes) }

// Node returns the knowledge point at index i.
func (g *Graph) Node(i int) *KnowledgePoint { return &g.nodes[i] }

// Index returns the node index of id.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return i, ok
}

// Prerequisites returns the direct prerequisites of node i (do not modify).
func (g *Graph) Prerequisites(i int) []int { return g.pre[i] }

// Dependents returns the nodes that list i as a direct prerequisite (do not
// modify).
func (g *Graph) Dependents(i int) []int { return g.post[i] }

// IDs returns all ids in topological order.
func (g *Graph) IDs() []string {
	ids := make([]string, len(g.nodes))
	for i := range g.nodes {
		ids[i] = g.nodes[i].ID
	}
	return ids
}

// Ancestors returns every direct or indirect prerequisite of node i.
func (g *Graph) Ancestors(i int) []int {
	seen := map[int]bool{}
	stack := slices.Clone(g.pre[i])
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[j] {
			continue
		}
		seen[j] = true
		stack = append(stack, g.pre[j]...)
	}
	out := make([]int, 0, len(seen))
	for j := range seen {
		out = append(out, j)
	}
	sort.Ints(out)
	return out
}

// Restrict returns the graph induced on ids. A prerequisite path that
// leaves the set and comes back (A -> outside -> C) becomes a direct edge
// A -> C, so the scope keeps every ordering fact the full graph has.
// Unknown ids are an error naming them.
func (g *Graph) Restrict(ids []string) (*Graph, error) {
	in := make(map[int]bool, len(ids))
	var unknown []string
	for _, id := range ids {
		i, ok := g.index[id]
		if !ok {
			unknown = append(unknown, id)
			continue
		}
		in[i] = true
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown knowledge points in scope: %s", strings.Join(unknown, ", "))
	}
	var kps []KnowledgePoint
	for i := range g.nodes {
		if !in[i] {
			continue
		}
		kp := g.nodes[i]
		kp.Prerequisites = nil
		seen := map[int]bool{}
		stack := slices.Clone(g.pre[i])
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[j] {
				continue
			}
			seen[j] = true
			if in[j] {
				kp.Prerequisites = append(kp.Prerequisites, g.nodes[j].ID)
			} else {
				stack = append(stack, g.pre[j]...)
			}
		}
		kps = append(kps, kp)
	}
	return NewGraph(kps)
}
