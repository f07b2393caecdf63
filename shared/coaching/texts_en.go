package coaching

import "motionlab/shared/advice"

// English is the reference wording; the other languages translate it.
var enTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Overstriding",
		Advice: "Your foot lands far ahead of your hips, and your step rate, knee bend at landing or hip extension is also off: together these mean every landing brakes you and the impact goes into a straight leg. Take slightly quicker, shorter steps and let the foot land closer under your body.",
		Cue:    "Quick feet, land under your hips",
		Drill:  "A-skips: 3 × 20 m, then metronome running at +5% cadence 3 × 2 min, twice a week",
	},
	HeavyHeelStrike: {
		Title:  "Heavy heel strike",
		Advice: "You land on the heel with the foot reaching ahead and the knee nearly straight, so the landing shock is sharp. Landing on the heel is fine; landing on a straight leg far in front is not. Bend the knee slightly and bring the landing closer.",
		Cue:    "Soft knee, quiet feet",
		Drill:  "Barefoot strides on grass: 4 × 20 s, focus on quiet landings, twice a week",
	},
	Bouncing: {
		Title:  "Bouncing",
		Advice: "You rise and fall a lot for your leg length and take few steps per minute, so much of your effort lifts you up instead of moving you forward. Keep the push directed forward and let the step rate rise a little.",
		Cue:    "Run low and forward, not up",
		Drill:  "Quick-step drill: 4 × 15 m, then 3 × 2 min at +5% cadence, twice a week",
	},
	SinkingMidstance: {
		Title:  "Sinking in midstance",
		Advice: "Your knee bends deeply while you are on the ground, together with a strong forward lean or a long ground contact: you sit into each step and lose spring. Stay tall over a firmer, springier leg.",
		Cue:    "Tall hips, stiff springs",
		Drill:  "Single-leg pogo hops: 3 × 15 per leg, then wall sits 3 × 30 s, twice a week",
	},
	CrossoverGait: {
		Title:  "Crossover gait",
		Advice: "Seen from behind, your feet land on or past your body's midline, like running on a tightrope. This loads the outside of the shin and hip. Aim to land each foot under its own hip.",
		Cue:    "Run on two rails, not one",
		Drill:  "Line running with feet either side of a line: 4 × 30 s, then side-lying leg raises 3 × 15 per side, three times a week",
	},
	LateralSway: {
		Title:  "Side-to-side sway",
		Advice: "Your trunk or head swings from side to side with each step, which wastes energy and often means the hips and trunk do not hold the pelvis steady. Keep the head still and the trunk quiet over the stance leg.",
		Cue:    "Head still, eyes level",
		Drill:  "Side planks: 3 × 30 s per side, then single-leg balance with eyes closed 3 × 30 s, three times a week",
	},
	AsymmetryKey: {
		Title:  "Left/right imbalance",
		Advice: "One side moves clearly differently from the other in this measure. A small difference is normal; a large one can come from an old injury, weakness or stiffness on one side. Strengthen the weaker side and check it again in a few weeks.",
		Cue:    "Even rhythm, both sides alike",
		Drill:  "Single-leg step-downs: 3 × 10 per leg, weaker side first, three times a week",
	},
}
