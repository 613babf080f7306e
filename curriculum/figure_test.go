package curriculum

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// wellFormed parses s as XML to the end, so a figure cannot break the page
// it is inlined into.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}

func TestRenderFigure(t *testing.T) {
	cases := []struct {
		name string
		f    Figure
		want []string // substrings of the SVG
	}{
		{"number line with marks", Figure{Kind: "numberline", X: []float64{-3, 3}, Points: []FigurePoint{{Name: "A", X: -1.5}, {Name: "B", X: 2}}},
			[]string{`>A</text>`, `>B</text>`, `>-3</text>`, `>0</text>`, `>3</text>`}},
		{"wide number line steps by ten", Figure{Kind: "numberline", X: []float64{0, 100}},
			[]string{`>0</text>`, `>50</text>`, `>100</text>`}},
		{"graph of a parabola", Figure{Kind: "graph", X: []float64{-2, 4}, Y: []float64{-2, 6}, Functions: []string{"x^2-2x"}, Points: []FigurePoint{{Name: "P", X: 1, Y: -1}}},
			[]string{`<path d="M`, `>P</text>`, `>x</text>`, `>y</text>`, `>O</text>`}},
		{"graph with a pole breaks the curve", Figure{Kind: "graph", X: []float64{-3, 3}, Y: []float64{-5, 5}, Functions: []string{"1/x"}},
			[]string{` M`}},
		{"triangle with its circumcircle", Figure{Kind: "geometry", Points: []FigurePoint{{Name: "A", X: 0, Y: 0}, {Name: "B", X: 4, Y: 0}, {Name: "C", X: 0, Y: 3}, {Name: "O", X: 2, Y: 1.5}},
			Segments: []string{"AB", "BC", "CA"}, Circles: []FigureCircle{{Center: "O", R: 2.5}}, Caption: "图 1"},
			[]string{`>A</text>`, `>C</text>`, `<circle cx="160" cy="130" r="`, `>图 1</text>`}},
		{"map with Chinese place names", Figure{Kind: "map", Points: []FigurePoint{{Name: "学校", X: 0, Y: 0}, {Name: "公园", X: 3, Y: 2}}, Segments: []string{"学校-公园"}},
			[]string{`>学校</text>`, `>公园</text>`, `>北</text>`}},
		{"series circuit with a parallel pair", Figure{Kind: "circuit", Parts: []string{"battery", "switch", "lamp|lamp", "ammeter"}},
			[]string{`>A</text>`}},
		{"labels are escaped", Figure{Kind: "numberline", X: []float64{0, 1}, Points: []FigurePoint{{Name: "<b>&", X: 0.5}}},
			[]string{`>&lt;b&gt;&amp;</text>`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svg, err := RenderFigure(&tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(svg, "<svg ") || !strings.Contains(svg, `viewBox="0 0 `) {
				t.Errorf("not an inline scalable svg: %.80s", svg)
			}
			wellFormed(t, svg)
			for _, w := range tc.want {
				if !strings.Contains(svg, w) {
					t.Errorf("missing %q in\n%s", w, svg)
				}
			}
		})
	}
}

func TestRenderFigureRejects(t *testing.T) {
	cases := []struct {
		name string
		f    *Figure
		want string
	}{
		{"nil", nil, "图为空"},
		{"unknown kind", &Figure{Kind: "pie"}, `kind "pie" 无效`},
		{"range backwards", &Figure{Kind: "numberline", X: []float64{2, 1}}, "x 要写成"},
		{"mark off the line", &Figure{Kind: "numberline", X: []float64{0, 1}, Points: []FigurePoint{{Name: "A", X: 5}}}, "不在数轴范围"},
		{"graph without y range", &Figure{Kind: "graph", X: []float64{0, 1}, Functions: []string{"x"}}, "y 要写成"},
		{"graph of nothing", &Figure{Kind: "graph", X: []float64{0, 1}, Y: []float64{0, 1}}, "至少要有一个"},
		{"function that does not parse", &Figure{Kind: "graph", X: []float64{0, 1}, Y: []float64{0, 1}, Functions: []string{"x+"}}, "无法解析"},
		{"function of another variable", &Figure{Kind: "graph", X: []float64{0, 1}, Y: []float64{0, 1}, Functions: []string{"t+1"}}, "只能含变量 x"},
		{"segment to nowhere", &Figure{Kind: "geometry", Points: []FigurePoint{{Name: "A"}}, Segments: []string{"AZ"}}, `线段 "AZ"`},
		{"circle without centre", &Figure{Kind: "geometry", Points: []FigurePoint{{Name: "A"}}, Circles: []FigureCircle{{Center: "O", R: 1}}}, "圆心 O"},
		{"duplicate point", &Figure{Kind: "map", Points: []FigurePoint{{Name: "A"}, {Name: "A"}}}, "重复"},
		{"unknown circuit part", &Figure{Kind: "circuit", Parts: []string{"battery", "motor"}}, `"motor" 无效`},
		{"TeX in the caption", &Figure{Kind: "numberline", X: []float64{0, 1}, Caption: "$A_1B$"}, "图注"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RenderFigure(tc.f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// FuzzRenderFigure: any description renders to well-formed SVG or is
// rejected with a message, never a panic.
func FuzzRenderFigure(f *testing.F) {
	f.Add("graph", -2.0, 3.0, "x^2-1", "A", 1.0, 0.5, "lamp|ammeter")
	f.Add("numberline", 0.0, 1e-9, "", "", 0.0, 0.0, "")
	f.Add("map", 0.0, 0.0, "1/x", "学校-公园", 3.0, 2.0, "battery")
	f.Fuzz(func(t *testing.T, kind string, lo, hi float64, fn, name string, x, y float64, part string) {
		fig := &Figure{Kind: kind, X: []float64{lo, hi}, Y: []float64{lo, hi}, Functions: []string{fn},
			Points: []FigurePoint{{Name: name, X: x, Y: y}, {Name: name + "2", X: y, Y: x}}, Segments: []string{name + "-" + name + "2"},
			Parts: strings.Split(part, ",")}
		svg, err := RenderFigure(fig)
		if err == nil {
			wellFormed(t, svg)
		}
	})
}

// TestPlotFunc: a graph figure evaluates the answer syntax and the
// elementary functions senior-high graphs need.
func TestPlotFunc(t *testing.T) {
	cases := []struct {
		src  string
		x, y float64
	}{
		{"x^2-2x", 3, 3},
		{"2(x+1)(x-1)", 2, 6},
		{"1/x", 4, 0.25},
		{"x^-1", 2, 0.5},
		{"-x^2", 3, -9},
		{"2sin(2x+pi/6)", 0, 1},
		{"cos(x)", math.Pi, -1},
		{"tan x", math.Pi / 4, 1},
		{"2^x", 3, 8},
		{"(1/2)^x", 2, 0.25},
		{"exp(x)", 1, math.E},
		{"ln(x)", math.E, 1},
		{"log2(x)", 8, 3},
		{"lg(x)+1", 100, 3},
		{"sqrt(4-x^2)", 0, 2},
		{"3sqrt(1-x^2/4)", 2, 0},
		{"abs(x-1)", -2, 3},
		{"e^x", 0, 1},
		{"x·x", 3, 9},
	}
	for _, c := range cases {
		f, err := plotFunc(c.src)
		if err != nil {
			t.Errorf("plotFunc(%q): %v", c.src, err)
			continue
		}
		if got := f(c.x); math.Abs(got-c.y) > 1e-9 {
			t.Errorf("%s at x=%g = %g, want %g", c.src, c.x, got, c.y)
		}
	}
	for _, bad := range []string{"x+", "sin(", "t+1", "2**", "y", ")"} {
		if _, err := plotFunc(bad); err == nil {
			t.Errorf("plotFunc(%q) accepted", bad)
		}
	}
}

// TestGraphLabelsTheOriginOnlyInView: an axis clamped to the edge of a
// graph whose range excludes 0 is not labelled O.
func TestGraphLabelsTheOriginOnlyInView(t *testing.T) {
	far, err := RenderFigure(&Figure{Kind: "graph", X: []float64{60, 140}, Y: []float64{0, 1}, Functions: []string{"x/140"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(far, ">O</text>") {
		t.Error("graph over [60, 140] labels an origin it does not show")
	}
	near, err := RenderFigure(&Figure{Kind: "graph", X: []float64{-2, 2}, Y: []float64{-2, 2}, Functions: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(near, ">O</text>") {
		t.Error("graph over [-2, 2] does not label the origin")
	}
}
