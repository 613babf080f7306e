package mathtpl

import "github.com/zhixi-org/zhixi/curriculum"

// secondary is replaced by the grades 7-12 templates.
var secondary []curriculum.Template
