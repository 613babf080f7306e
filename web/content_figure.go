package web

import (
	"html/template"

	"github.com/zhixi-org/zhixi/curriculum"
)

// The figure function draws an item's or worked example's diagram inline.
// Content is validated at load, so a figure that does not render is a
// content bug; it shows as a visible note rather than breaking the page.
func init() {
	funcs["figure"] = func(f *curriculum.Figure) template.HTML {
		if f == nil {
			return ""
		}
		svg, err := curriculum.RenderFigure(f)
		if err != nil {
			return template.HTML(`<p class="error">` + template.HTMLEscapeString("图无法显示："+err.Error()) + `</p>`)
		}
		// RenderFigure escapes every label it writes.
		return template.HTML(`<figure class="figure">` + svg + `</figure>`)
	}
}
