package sprint

import (
	"math"
	"testing"
)

func TestStartCheck(t *testing.T) {
	ok := TimingStart{Mode: StaticStart, Frame: 3, ZoneM: 10, Confirmed: true}
	if err := ok.Check(10); err != nil {
		t.Errorf("%+v: %v", ok, err)
	}
	for name, s := range map[string]TimingStart{
		"unknown mode":    {Mode: "rolling", Frame: 3, ZoneM: 10},
		"frame past":      {Mode: FlyingStart, Frame: 10, ZoneM: 10},
		"frame before":    {Mode: FlyingStart, Frame: -1, ZoneM: 10},
		"no zone":         {Mode: StaticStart, Frame: 3},
		"zone too long":   {Mode: StaticStart, Frame: 3, ZoneM: 101},
		"micrometre zone": {Mode: StaticStart, Frame: 3, ZoneM: 1e-6},
		"NaN zone":        {Mode: StaticStart, Frame: 3, ZoneM: math.NaN()},
	} {
		if err := s.Check(10); err == nil {
			t.Errorf("%s: %+v accepted", name, s)
		}
	}
}
