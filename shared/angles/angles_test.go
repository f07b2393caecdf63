package angles

import (
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestAngles(t *testing.T) {
	o := Vec{0, 0}
	near(t, "straight", Interior(Vec{0, -1}, o, Vec{0, 1}), 180)
	near(t, "right angle", Interior(Vec{1, 0}, o, Vec{0, 1}), 90)
	near(t, "flexion", Flexion(Vec{0, -1}, o, Vec{1, 1}), 45)
	if !math.IsNaN(Interior(o, o, Vec{1, 0})) {
		t.Error("zero-length segment must give NaN")
	}
	// Up and to the right, running right: leaning forward 45°.
	near(t, "lean fwd", FromVertical(o, Vec{1, -1}, 1), 45)
	near(t, "lean fwd left", FromVertical(o, Vec{-1, -1}, -1), 45)
	near(t, "lean back", FromVertical(o, Vec{-1, -1}, 1), -45)
	near(t, "above", FromHorizontal(o, Vec{1, -1}, 1), 45)
	near(t, "below left", FromHorizontal(o, Vec{-1, 1}, -1), -45)
}
