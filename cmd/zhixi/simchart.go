package main

import (
	"fmt"
	"html"
	"strings"

	"github.com/zhixi-org/zhixi/screening/sim"
)

// simChart draws balanced accuracy against questions asked, one polyline
// per method: a plain SVG with no dependencies, committed next to the docs.
type simChart struct {
	title string
	res   []sim.MethodResult
}

var chartColors = []string{"#d62728", "#222222", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd"}

func (c *simChart) svg() string {
	const (
		width, height            = 720, 420
		left, right, top, bottom = 60, 130, 40, 50
		yLo, yHi                 = 0.5, 1.0
	)
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	maxQ := 1
	for _, r := range c.res {
		maxQ = max(maxQ, len(r.Curve)-1)
	}
	x := func(q int) float64 { return float64(left) + pw*float64(q)/float64(maxQ) }
	y := func(v float64) float64 { return float64(top) + ph*(1-(min(yHi, max(yLo, v))-yLo)/(yHi-yLo)) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&sb, `<text x="%d" y="20" font-size="14">%s</text>`+"\n", left, html.EscapeString(c.title))
	for v := yLo; v <= yHi+1e-9; v += 0.1 {
		fmt.Fprintf(&sb, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n",
			left, x(maxQ), y(v), y(v), left-6, y(v)+4, v)
	}
	step := max(1, maxQ/6)
	for q := 0; q <= maxQ; q += step {
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#ddd"/><text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n",
			x(q), x(q), top, y(yLo), x(q), y(yLo)+16, q)
	}
	fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">questions asked</text>`+"\n", x(maxQ/2), height-10)
	fmt.Fprintf(&sb, `<text transform="translate(16 %.1f) rotate(-90)" text-anchor="middle">balanced accuracy</text>`+"\n", y((yLo+yHi)/2))
	for i, r := range c.res {
		col := chartColors[i%len(chartColors)]
		var pts []string
		for q, a := range r.Curve {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(q), y(a.Balanced())))
		}
		fmt.Fprintf(&sb, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", col, strings.Join(pts, " "))
		ly := top + 16*i + 10
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`+"\n",
			width-right+10, width-right+30, ly, ly, col, width-right+36, ly+4, html.EscapeString(r.Name))
	}
	sb.WriteString("</svg>\n")
	return sb.String()
}
