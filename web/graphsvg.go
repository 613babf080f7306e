package web

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
)

// svgNode is one box of a prerequisite picture.
type svgNode struct {
	ID, Label string
	// Outside marks a prerequisite from another grade, drawn faded.
	Outside bool
	// State colours the box by a screening's conclusion ("mastered", ...);
	// Root marks a root cause with a thick border and a flag.
	State string
	Root  bool
}

// stateColours are the fill and border of a box by state.
var stateColours = map[string][2]string{
	"mastered":     {"#e8f5e9", "#2e7d32"},
	"not_mastered": {"#fdecea", "#c62828"},
	"uncertain":    {"#fff8e1", "#b28704"},
}

const (
	boxW, boxH   = 136, 46
	gapX, gapY   = 16, 44
	marginX, top = 10, 10
	// perRow wraps a wide layer onto several rows so the picture fits a
	// tablet without sideways scrolling; rows of one layer stay below all
	// rows of the layers before it, so edges still point down.
	perRow = 5
	// lineRunes is how many characters fit on one line of a box.
	lineRunes = 8
)

// graphSVG draws a prerequisite DAG top-down: each node sits in the layer
// below its deepest prerequisite, and nodes within a layer are ordered by
// the mean position of their prerequisites, which keeps most edges short
// without a general-purpose layout engine. pre[i] are the prerequisites of
// node i (indexes into nodes); the graph must be acyclic.
func graphSVG(nodes []svgNode, pre [][]int) template.HTML {
	n := len(nodes)
	if n == 0 {
		return ""
	}
	layer := make([]int, n)
	done := make([]bool, n)
	var depth func(i int) int
	depth = func(i int) int {
		if done[i] {
			return layer[i]
		}
		done[i] = true
		for _, p := range pre[i] {
			layer[i] = max(layer[i], depth(p)+1)
		}
		return layer[i]
	}
	maxLayer := 0
	for i := range nodes {
		maxLayer = max(maxLayer, depth(i))
	}
	layers := make([][]int, maxLayer+1)
	for i := range nodes {
		layers[layer[i]] = append(layers[layer[i]], i)
	}
	col := make([]float64, n)
	row := make([]int, n)
	rows := 0
	for _, l := range layers {
		key := make(map[int]float64, len(l))
		for pos, i := range l {
			key[i] = float64(pos)
			if len(pre[i]) > 0 {
				sum := 0.0
				for _, p := range pre[i] {
					sum += col[p]
				}
				key[i] = sum / float64(len(pre[i]))
			}
		}
		sort.SliceStable(l, func(a, b int) bool { return key[l[a]] < key[l[b]] })
		for pos, i := range l {
			row[i] = rows + pos/perRow
			col[i] = float64(pos % perRow)
		}
		rows += (len(l) + perRow - 1) / perRow
	}
	width := 2*marginX + min(n, perRow)*(boxW+gapX) - gapX
	height := top*2 + rows*(boxH+gapY) - gapY
	px := func(i int) int { return marginX + int(col[i])*(boxW+gapX) }
	py := func(i int) int { return top + row[i]*(boxH+gapY) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="kpgraph" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="知识点先修关系图">`, width, height, width, height)
	b.WriteString(`<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#8a96a3"/></marker></defs>`)
	for i := range nodes {
		for _, p := range pre[i] {
			x1, y1 := px(p)+boxW/2, py(p)+boxH
			x2, y2 := px(i)+boxW/2, py(i)
			mid := (y1 + y2) / 2
			fmt.Fprintf(&b, `<path d="M%d,%d C%d,%d %d,%d %d,%d" fill="none" stroke="#8a96a3" stroke-width="1.2" marker-end="url(#arr)"/>`, x1, y1, x1, mid, x2, mid, x2, y2)
		}
	}
	for i, nd := range nodes {
		fill, stroke := "#fff", "#c62828"
		if nd.Outside {
			fill, stroke = "#f1f3f5", "#adb5bd"
		}
		if c, ok := stateColours[nd.State]; ok {
			fill, stroke = c[0], c[1]
		}
		width := 1
		if nd.Root {
			width = 4
		}
		esc := template.HTMLEscapeString
		fmt.Fprintf(&b, `<a href="#%s"><g class="%s"><title>%s（%s）</title><rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s" stroke="%s" stroke-width="%d"/>`,
			esc(nd.ID), esc(nd.State), esc(nd.Label), esc(nd.ID), px(i), py(i), boxW, boxH, fill, stroke, width)
		if nd.Root {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#c62828">根源</text>`, px(i)+4, py(i)+13)
		}
		lines := labelLines(nd.Label)
		for k, line := range lines {
			y := py(i) + boxH/2 + 5 + (2*k-len(lines)+1)*8
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text>`, px(i)+boxW/2, y, esc(line))
		}
		b.WriteString(`</g></a>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// labelLines breaks a name into at most two lines of a box.
func labelLines(label string) []string {
	r := []rune(label)
	switch {
	case len(r) <= lineRunes:
		return []string{label}
	case len(r) <= 2*lineRunes:
		return []string{string(r[:lineRunes]), string(r[lineRunes:])}
	}
	return []string{string(r[:lineRunes]), string(r[lineRunes:2*lineRunes-1]) + "…"}
}
