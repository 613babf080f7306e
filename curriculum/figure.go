package curriculum

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Figure describes a diagram in a few keys, so content stays text an
// author can review and the picture is drawn the same way on a phone, a
// tablet and paper. RenderFigure turns it into SVG.
//
//	kind: numberline  x: [-3, 3]  points: [{name: A, x: -1.5}]
//	kind: graph       x: [-4, 4]  y: [-2, 6]  functions: ["x^2-2x"]  points: [{name: P, x: 1, y: -1}]
//	kind: geometry    points: [{name: A, x: 0, y: 0}, …]  segments: [AB, BC, CA]  circles: [{center: O, r: 2}]
//	kind: circuit     parts: [battery, switch, lamp|lamp, ammeter]
//	kind: map         points: [{name: 学校, x: 0, y: 0}, {name: 公园, x: 3, y: 2}]  segments: [学校-公园]
type Figure struct {
	Kind string `json:"kind" yaml:"kind"`
	// X and Y are the visible ranges [min, max] of a number line or graph.
	X []float64 `json:"x,omitempty" yaml:"x,omitempty"`
	Y []float64 `json:"y,omitempty" yaml:"y,omitempty"`
	// Points are labelled points: marks on a number line, points of a
	// graph, vertices of a figure, places on a map.
	Points []FigurePoint `json:"points,omitempty" yaml:"points,omitempty"`
	// Segments join two named points: "AB" when both names are one
	// character, else "学校-公园".
	Segments []string       `json:"segments,omitempty" yaml:"segments,omitempty"`
	Circles  []FigureCircle `json:"circles,omitempty" yaml:"circles,omitempty"`
	// Functions are y = f(x) in the answer syntax ("2x+1", "x^2-4"), plus
	// sin cos tan exp ln lg log2 sqrt abs, pi and e ("2sin(2x+pi/3)").
	Functions []string `json:"functions,omitempty" yaml:"functions,omitempty"`
	// Parts are circuit elements around the loop, in order; "lamp|lamp"
	// is a parallel group.
	Parts   []string `json:"parts,omitempty" yaml:"parts,omitempty"`
	Caption string   `json:"caption,omitempty" yaml:"caption,omitempty"`
}

// FigurePoint is a named point; Y is unused on a number line.
type FigurePoint struct {
	Name string  `json:"name" yaml:"name"`
	X    float64 `json:"x" yaml:"x"`
	Y    float64 `json:"y,omitempty" yaml:"y,omitempty"`
}

// FigureCircle is a circle around a named point.
type FigureCircle struct {
	Center string  `json:"center" yaml:"center"`
	R      float64 `json:"r" yaml:"r"`
}

// FigureKinds are the kinds RenderFigure draws, with their Chinese names.
var FigureKinds = map[string]string{
	"numberline": "数轴", "graph": "函数图像", "geometry": "几何图形", "circuit": "电路图", "map": "平面图",
}

// circuitParts are the circuit elements and the symbol text drawn for the
// ones that are a labelled circle.
var circuitParts = map[string]string{
	"battery": "", "switch": "", "lamp": "", "resistor": "", "rheostat": "",
	"ammeter": "A", "voltmeter": "V", "bell": "",
}

// svg accumulates elements in a fixed-size viewBox; the picture scales to
// its container (max 360 CSS px wide) and prints in black.
type svg struct {
	b    strings.Builder
	w, h float64
}

func (s *svg) add(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func (s *svg) line(x1, y1, x2, y2 float64, extra string) {
	s.add(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000" stroke-width="1.5"%s/>`, num(x1), num(y1), num(x2), num(y2), extra)
}

func (s *svg) text(x, y float64, anchor, t string) {
	s.add(`<text x="%s" y="%s" font-size="13" text-anchor="%s" fill="#000">%s</text>`, num(x), num(y), anchor, xmlEscape.Replace(t))
}

func (s *svg) dot(x, y float64) {
	s.add(`<circle cx="%s" cy="%s" r="3" fill="#000"/>`, num(x), num(y))
}

func (s *svg) String(caption string) string {
	h := s.h
	var cap string
	if caption != "" {
		h += 22
		cap = fmt.Sprintf(`<text x="%s" y="%s" font-size="13" text-anchor="middle" fill="#000">%s</text>`, num(s.w/2), num(s.h+16), xmlEscape.Replace(caption))
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="figure" viewBox="0 0 %s %s" width="100%%" style="max-width:360px" role="img" aria-label="%s">%s%s</svg>`,
		num(s.w), num(h), xmlEscape.Replace(caption), s.b.String(), cap)
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// xmlEscape makes a label safe inside SVG text: invalid UTF-8 and control
// characters (which XML forbids) are dropped, markup is escaped.
var xmlEscape = escaper{}

type escaper struct{}

func (escaper) Replace(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0xFFFD || (r >= 0x7F && r < 0xA0) || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return xmlReplacer.Replace(s)
}

// num prints a coordinate or tick label to one decimal, never "-0".
func num(f float64) string {
	r := math.Round(f*10) / 10
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// RenderFigure draws f as an inline SVG element, or says what is wrong
// with the description.
func RenderFigure(f *Figure) (string, error) {
	if f == nil {
		return "", errors.New("图为空")
	}
	// SVG text is not typeset: "$A_1B$" would print its dollars and
	// underscores. Captions are plain text (A₁B, x², μ=2).
	if strings.Contains(f.Caption, "$") {
		return "", fmt.Errorf("图注 %q 是纯文本，不排版 $…$ 公式；写成 A₁B、x²、μ=2 这样的文字", f.Caption)
	}
	switch f.Kind {
	case "numberline":
		return numberLine(f)
	case "graph":
		return graph(f)
	case "geometry", "map":
		return plane(f)
	case "circuit":
		return circuit(f)
	}
	kinds := make([]string, 0, len(FigureKinds))
	for k := range FigureKinds {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return "", fmt.Errorf("图的 kind %q 无效；可用：%s", f.Kind, strings.Join(kinds, ", "))
}

func span(r []float64, key string) (lo, hi float64, err error) {
	if len(r) != 2 || !(r[0] < r[1]) || r[1]-r[0] > 1e6 {
		return 0, 0, fmt.Errorf("%s 要写成 [最小值, 最大值] 且最小值小于最大值", key)
	}
	return r[0], r[1], nil
}

// tickStep picks the smallest of 0.1, 0.2, 0.5, 1, 2, 5, 10, … that shows
// at most 12 ticks over the range.
func tickStep(lo, hi float64) float64 {
	for p := 0.1; ; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if (hi-lo)/(p*m) <= 12 {
				return p * m
			}
		}
	}
}

func numberLine(f *Figure) (string, error) {
	lo, hi, err := span(f.X, "x")
	if err != nil {
		return "", err
	}
	s := &svg{w: 360, h: 70}
	const left, right, y = 20.0, 340.0, 40.0
	px := func(x float64) float64 { return left + (x-lo)/(hi-lo)*(right-left) }
	s.line(left-10, y, right+10, y, "")
	s.add(`<path d="M%s %s l-8 -4 v8 z" fill="#000"/>`, num(right+14), num(y))
	step := tickStep(lo, hi)
	for t := math.Ceil(lo/step) * step; t <= hi+1e-9; t += step {
		s.line(px(t), y-5, px(t), y+5, "")
		s.text(px(t), y+20, "middle", num(t))
	}
	for _, p := range f.Points {
		if p.X < lo || p.X > hi {
			return "", fmt.Errorf("点 %s 的 x = %g 不在数轴范围 [%g, %g] 内", p.Name, p.X, lo, hi)
		}
		s.dot(px(p.X), y)
		s.text(px(p.X), y-10, "middle", p.Name)
	}
	return s.String(f.Caption), nil
}

func graph(f *Figure) (string, error) {
	xlo, xhi, err := span(f.X, "x")
	if err != nil {
		return "", err
	}
	ylo, yhi, err := span(f.Y, "y")
	if err != nil {
		return "", err
	}
	if len(f.Functions) == 0 && len(f.Points) == 0 {
		return "", errors.New("函数图像至少要有一个 functions 或 points")
	}
	s := &svg{w: 320, h: 320}
	const pad = 20.0
	px := func(x float64) float64 { return pad + (x-xlo)/(xhi-xlo)*(s.w-2*pad) }
	py := func(y float64) float64 { return s.h - pad - (y-ylo)/(yhi-ylo)*(s.h-2*pad) }
	ox, oy := px(clamp(0, xlo, xhi)), py(clamp(0, ylo, yhi))
	s.line(pad-8, oy, s.w-pad+8, oy, "")
	s.line(ox, s.h-pad+8, ox, pad-8, "")
	s.text(s.w-pad+6, oy-6, "end", "x")
	s.text(ox+8, pad-2, "start", "y")
	if xlo <= 0 && 0 <= xhi && ylo <= 0 && 0 <= yhi { // the origin is in view
		s.text(ox-4, oy+14, "end", "O")
	}
	for _, ax := range []struct {
		lo, hi float64
		at     func(t float64)
	}{
		{xlo, xhi, func(t float64) { s.line(px(t), oy-3, px(t), oy+3, ""); s.text(px(t), oy+14, "middle", num(t)) }},
		{ylo, yhi, func(t float64) { s.line(ox-3, py(t), ox+3, py(t), ""); s.text(ox-6, py(t)+4, "end", num(t)) }},
	} {
		step := tickStep(ax.lo, ax.hi)
		for t := math.Ceil(ax.lo/step) * step; t <= ax.hi+1e-9; t += step {
			if math.Abs(t) > 1e-9 {
				ax.at(t)
			}
		}
	}
	for _, src := range f.Functions {
		fn, err := plotFunc(src)
		if err != nil {
			return "", fmt.Errorf("函数 %q 无法解析：%v", src, err)
		}
		var d strings.Builder
		pen := false
		const samples = 240
		for i := 0; i <= samples; i++ {
			x := xlo + (xhi-xlo)*float64(i)/samples
			y := fn(x)
			if !finite(y) || y < ylo-(yhi-ylo) || y > yhi+(yhi-ylo) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%s %s ", cmd, num(px(x)), num(py(clamp(y, ylo-1, yhi+1))))
			pen = true
		}
		// A nested svg clips the curve to the plotting area without an id
		// that could clash with another figure on the page.
		s.add(`<svg x="%[1]s" y="%[1]s" width="%[2]s" height="%[3]s" viewBox="%[1]s %[1]s %[2]s %[3]s"><path d="%[4]s" fill="none" stroke="#000" stroke-width="2"/></svg>`,
			num(pad), num(s.w-2*pad), num(s.h-2*pad), strings.TrimSpace(d.String()))
	}
	for _, p := range f.Points {
		if p.X < xlo || p.X > xhi || p.Y < ylo || p.Y > yhi {
			return "", fmt.Errorf("点 %s (%g, %g) 不在图的范围内", p.Name, p.X, p.Y)
		}
		s.dot(px(p.X), py(p.Y))
		s.text(px(p.X)+6, py(p.Y)-6, "start", p.Name)
	}
	return s.String(f.Caption), nil
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// plane draws named points joined by segments, scaled to fit: a geometry
// figure (labels pushed away from the centre) or a simple map (places as
// dots with names, a north arrow and a 1-unit grid).
func plane(f *Figure) (string, error) {
	if len(f.Points) == 0 {
		return "", errors.New("至少要有一个点（points）")
	}
	at := map[string]FigurePoint{}
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	grow := func(x, y float64) {
		minX, maxX, minY, maxY = math.Min(minX, x), math.Max(maxX, x), math.Min(minY, y), math.Max(maxY, y)
	}
	var cx, cy float64
	for _, p := range f.Points {
		if p.Name == "" {
			return "", errors.New("每个点都要有 name")
		}
		if _, dup := at[p.Name]; dup {
			return "", fmt.Errorf("点 %s 重复", p.Name)
		}
		at[p.Name] = p
		grow(p.X, p.Y)
		cx += p.X / float64(len(f.Points))
		cy += p.Y / float64(len(f.Points))
	}
	for _, c := range f.Circles {
		o, ok := at[c.Center]
		if !ok {
			return "", fmt.Errorf("圆心 %s 不是已定义的点", c.Center)
		}
		if c.R <= 0 {
			return "", fmt.Errorf("以 %s 为圆心的圆半径要大于 0", c.Center)
		}
		grow(o.X-c.R, o.Y-c.R)
		grow(o.X+c.R, o.Y+c.R)
	}
	segs := make([][2]FigurePoint, 0, len(f.Segments))
	for _, sg := range f.Segments {
		a, b, ok := strings.Cut(sg, "-")
		if r := []rune(sg); !ok && len(r) == 2 {
			a, b, ok = string(r[0]), string(r[1]), true
		}
		pa, okA := at[a]
		pb, okB := at[b]
		if !ok || !okA || !okB {
			return "", fmt.Errorf("线段 %q 要连接两个已定义的点（写 AB 或 起点-终点）", sg)
		}
		segs = append(segs, [2]FigurePoint{pa, pb})
	}
	s := &svg{w: 320, h: 260}
	const pad = 30.0
	scale := math.Min((s.w-2*pad)/math.Max(maxX-minX, 1e-9), (s.h-2*pad)/math.Max(maxY-minY, 1e-9))
	if maxX == minX && maxY == minY {
		scale = 1
	}
	px := func(x float64) float64 { return s.w/2 + (x-(minX+maxX)/2)*scale }
	py := func(y float64) float64 { return s.h/2 - (y-(minY+maxY)/2)*scale }
	if f.Kind == "map" {
		for x := math.Ceil(minX); x <= maxX; x++ {
			s.line(px(x), pad/2, px(x), s.h-pad/2, ` stroke-opacity="0.15"`)
		}
		for y := math.Ceil(minY); y <= maxY; y++ {
			s.line(pad/2, py(y), s.w-pad/2, py(y), ` stroke-opacity="0.15"`)
		}
		s.add(`<path d="M%s 8 l-6 16 h12 z" fill="#000"/>`, num(s.w-16))
		s.text(s.w-16, 38, "middle", "北")
	}
	for _, sg := range segs {
		s.line(px(sg[0].X), py(sg[0].Y), px(sg[1].X), py(sg[1].Y), "")
	}
	for _, c := range f.Circles {
		o := at[c.Center]
		s.add(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="#000" stroke-width="1.5"/>`, num(px(o.X)), num(py(o.Y)), num(c.R*scale))
	}
	for _, p := range f.Points {
		x, y := px(p.X), py(p.Y)
		if f.Kind == "map" {
			s.dot(x, y)
			s.text(x, y-8, "middle", p.Name)
			continue
		}
		dx, dy := p.X-cx, p.Y-cy
		if l := math.Hypot(dx, dy); l > 1e-9 {
			dx, dy = dx/l, dy/l
		} else {
			dx, dy = -0.7, -0.7
		}
		s.dot(x, y)
		s.text(x+dx*14, y-dy*14+5, "middle", p.Name)
	}
	return s.String(f.Caption), nil
}

// circuit draws a rectangular loop: the parts sit evenly along the top
// wire, a parallel group as stacked branches between two junctions.
func circuit(f *Figure) (string, error) {
	if len(f.Parts) == 0 {
		return "", errors.New("电路至少要有一个元件（parts）")
	}
	var groups [][]string
	for _, p := range f.Parts {
		g := strings.Split(p, "|")
		for _, e := range g {
			if _, ok := circuitParts[e]; !ok {
				names := make([]string, 0, len(circuitParts))
				for k := range circuitParts {
					names = append(names, k)
				}
				slices.Sort(names)
				return "", fmt.Errorf("电路元件 %q 无效；可用：%s", e, strings.Join(names, ", "))
			}
		}
		groups = append(groups, g)
	}
	rows := 1
	for _, g := range groups {
		rows = max(rows, len(g))
	}
	s := &svg{w: 340, h: float64(80 + 50*rows)}
	const left, right, top = 20.0, 320.0, 30.0
	bottom := s.h - 20
	cell := (right - left) / float64(len(groups))
	for i, g := range groups {
		x0, x1 := left+float64(i)*cell, left+float64(i+1)*cell
		if len(g) == 1 {
			drawPart(s, g[0], x0, x1, top)
			continue
		}
		s.line(x0+8, top, x0+8, top+float64(len(g)-1)*50, "")
		s.line(x1-8, top, x1-8, top+float64(len(g)-1)*50, "")
		s.line(x0, top, x0+8, top, "")
		s.line(x1-8, top, x1, top, "")
		s.dot(x0+8, top)
		s.dot(x1-8, top)
		for j, e := range g {
			drawPart(s, e, x0+8, x1-8, top+float64(j)*50)
		}
	}
	s.line(left, top, left, bottom, "")
	s.line(right, top, right, bottom, "")
	s.line(left, bottom, right, bottom, "")
	return s.String(f.Caption), nil
}

// drawPart draws one element centred between x0 and x1 on the wire at y, with
// wire on both sides.
func drawPart(s *svg, kind string, x0, x1, y float64) {
	c := (x0 + x1) / 2
	const half = 14.0
	s.line(x0, y, c-half, y, "")
	s.line(c+half, y, x1, y, "")
	switch kind {
	case "battery":
		s.line(c-4, y-14, c-4, y+14, "")
		s.line(c+4, y-7, c+4, y+7, ` stroke-width="3"`)
		s.line(c-half, y, c-4, y, "")
		s.line(c+4, y, c+half, y, "")
	case "switch":
		s.dot(c-half, y)
		s.line(c-half, y, c+half-2, y-12, "")
		s.dot(c+half, y)
	case "lamp":
		s.add(`<circle cx="%s" cy="%s" r="%s" fill="#fff" stroke="#000" stroke-width="1.5"/>`, num(c), num(y), num(half))
		d := half * 0.7
		s.line(c-d, y-d, c+d, y+d, "")
		s.line(c-d, y+d, c+d, y-d, "")
	case "resistor", "rheostat":
		s.add(`<rect x="%s" y="%s" width="%s" height="10" fill="#fff" stroke="#000" stroke-width="1.5"/>`, num(c-half), num(y-5), num(2*half))
		if kind == "rheostat" {
			s.line(c-half-4, y+12, c+half+4, y-12, "")
		}
	case "bell":
		s.add(`<path d="M%s %s a%s %s 0 0 1 %s 0 z" fill="#fff" stroke="#000" stroke-width="1.5"/>`, num(c-half), num(y), num(half), num(half), num(2*half))
	default: // meters
		s.add(`<circle cx="%s" cy="%s" r="%s" fill="#fff" stroke="#000" stroke-width="1.5"/>`, num(c), num(y), num(half))
		s.text(c, y+5, "middle", circuitParts[kind])
	}
}
