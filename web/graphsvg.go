package web

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"unicode/utf8"
)

// svgNode is one box of a prerequisite picture.
type svgNode struct {
	ID, Label string
	// Outside marks a prerequisite from another grade, drawn faded.
	Outside bool
}

const (
	boxW, boxH   = 150, 38
	gapX, gapY   = 18, 56
	marginX, top = 10, 10
)

// graphSVG draws a prerequisite DAG top-down: each node sits one layer
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
	var depth func(i int, seen []bool) int
	depth = func(i int, seen []bool) int {
		if seen[i] {
			return layer[i]
		}
		seen[i] = true
		for _, p := range pre[i] {
			if d := depth(p, seen) + 1; d > layer[i] {
				layer[i] = d
			}
		}
		return layer[i]
	}
	seen := make([]bool, n)
	maxLayer := 0
	for i := range nodes {
		if d := depth(i, seen); d > maxLayer {
			maxLayer = d
		}
	}
	rows := make([][]int, maxLayer+1)
	for i := range nodes {
		rows[layer[i]] = append(rows[layer[i]], i)
	}
	x := make([]float64, n)
	for l, row := range rows {
		key := make(map[int]float64, len(row))
		for pos, i := range row {
			key[i] = float64(pos)
			if l > 0 && len(pre[i]) > 0 {
				sum := 0.0
				for _, p := range pre[i] {
					sum += x[p]
				}
				key[i] = sum / float64(len(pre[i]))
			}
		}
		sort.SliceStable(row, func(a, b int) bool { return key[row[a]] < key[row[b]] })
		for pos, i := range row {
			x[i] = float64(pos)
		}
	}
	width := 0
	for _, row := range rows {
		if w := len(row)*(boxW+gapX) + 2*marginX; w > width {
			width = w
		}
	}
	height := top*2 + len(rows)*(boxH+gapY) - gapY
	px := func(i int) int { return marginX + int(x[i])*(boxW+gapX) }
	py := func(i int) int { return top + layer[i]*(boxH+gapY) }

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
		label := nd.Label
		if utf8.RuneCountInString(label) > 9 {
			label = string([]rune(label)[:8]) + "…"
		}
		fmt.Fprintf(&b, `<a href="#%s"><g><title>%s（%s）</title><rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s" stroke="%s"/><text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text></g></a>`,
			template.HTMLEscapeString(nd.ID), template.HTMLEscapeString(nd.Label), template.HTMLEscapeString(nd.ID),
			px(i), py(i), boxW, boxH, fill, stroke, px(i)+boxW/2, py(i)+boxH/2+5, template.HTMLEscapeString(label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
