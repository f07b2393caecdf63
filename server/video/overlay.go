package video

import (
	"image"
	"image/color"

	"gocv.io/x/gocv"

	"motionlab/shared/pose"
)

var (
	subjectLeft  = color.RGBA{R: 255, G: 140, B: 0, A: 255} // BGR order is handled by gocv
	subjectRight = color.RGBA{R: 0, G: 170, B: 255, A: 255}
	subjectMid   = color.RGBA{R: 255, G: 255, B: 255, A: 255}
	otherColor   = color.RGBA{R: 150, G: 150, B: 150, A: 255}
)

// MinVisibility is the visibility below which a point is not drawn.
const MinVisibility = 0.5

// DrawPeople draws each person's skeleton onto img (BGR): the subject
// (people[0]) in colour by side, everyone else in grey.
func DrawPeople(img *gocv.Mat, people []pose.Person, l *pose.Layout) {
	drawPeople(bgr{img}, people, l)
}

func drawPeople(img canvas, people []pose.Person, l *pose.Layout) {
	w, h := img.size()
	scale := max(w, h)
	thick := max(2, scale/400)
	radius := max(3, scale/250)
	for i := len(people) - 1; i >= 0; i-- {
		p := &people[i]
		colorOf := func(idx int) color.RGBA {
			if i > 0 {
				return otherColor
			}
			switch l.Points[idx].Side {
			case pose.Left:
				return subjectLeft
			case pose.Right:
				return subjectRight
			}
			return subjectMid
		}
		for _, e := range l.Edges {
			a, b := p.Keypoints[e[0]], p.Keypoints[e[1]]
			if a.Visibility < MinVisibility || b.Visibility < MinVisibility {
				continue
			}
			c := colorOf(e[1])
			if l.Points[e[0]].Side != l.Points[e[1]].Side {
				c = colorOf(e[0])
				if l.Points[e[0]].Side != pose.Centre {
					c = subjectMid
					if i > 0 {
						c = otherColor
					}
				}
			}
			img.line(pt(a), pt(b), c, thick)
		}
		for idx, k := range p.Keypoints {
			if k.Visibility < MinVisibility {
				continue
			}
			img.disc(pt(k), radius, colorOf(idx))
		}
	}
}

func pt(k pose.Keypoint) image.Point { return image.Pt(int(k.X+0.5), int(k.Y+0.5)) }
