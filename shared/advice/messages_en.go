package advice

// English is the reference wording; the other languages translate it.
var enMessages = map[Key]Message{
	Overstride: {
		Title:  "Overstriding",
		Advice: "Your foot lands well ahead of your hips, which brakes every step and loads the knee. Shorten your stride slightly and let the foot land closer, under your body.",
		Cue:    "Land with your foot under your hips",
		Drill:  "Wall drills: 3 × 20 s, twice a week",
	},
	LowCadence: {
		Title:  "Low cadence",
		Advice: "Your step rate is low for an easy pace, which usually goes with long, heavy steps. Raise it gradually by 5–10%, not all at once.",
		Cue:    "Quick, light steps",
		Drill:  "Metronome running at +5% cadence: 3 × 3 min within an easy run, twice a week",
	},
	HighCadence: {
		Title:  "Very high cadence",
		Advice: "Your steps are very short and choppy for this speed, so you spend energy without covering ground. Let your stride open up a little by pushing back from the hip.",
		Cue:    "Push the ground behind you",
		Drill:  "Strides: 6 × 20 s relaxed and long, full recovery, twice a week",
	},
	LongGroundContact: {
		Title:  "Long ground contact",
		Advice: "Your foot stays on the ground a long time for your speed, which wastes elastic energy. Work on a quicker, springier contact.",
		Cue:    "The ground is hot: get off it quickly",
		Drill:  "Pogo hops: 3 × 20 contacts, twice a week",
	},
	HeelStrike: {
		Title:  "Heavy heel strike",
		Advice: "You land hard on your heel with the foot far in front of you. Landing on the heel is not a problem in itself; reaching that far is. Bring the landing closer to your body.",
		Cue:    "Land softly, under your body",
		Drill:  "Barefoot strides on grass: 4 × 20 s, twice a week",
	},
	HighVerticalOscillation: {
		Title:  "Too much bounce",
		Advice: "You move up and down a lot, spending energy on going up rather than forward. Aim your push forward, not up.",
		Cue:    "Run tall and glide forward",
		Drill:  "Quick-feet drill: 4 × 15 m, low and fast, twice a week",
	},
	LowVerticalOscillation: {
		Title:  "Shuffling",
		Advice: "Your feet barely leave the ground, so you get little flight and little push. Add some spring to each step by pushing off actively.",
		Cue:    "Push off and bounce lightly",
		Drill:  "High skips: 4 × 20 m, twice a week",
	},
	StiffKneeAtContact: {
		Title:  "Stiff knee at landing",
		Advice: "Your knee is almost straight when the foot lands, so the impact travels straight up the leg. Land with a slightly bent knee to absorb the load.",
		Cue:    "Soft knees on landing",
		Drill:  "Soft-landing hops: 3 × 10, land quietly on bent knees, twice a week",
	},
	ExcessiveTrunkLean: {
		Title:  "Bending at the waist",
		Advice: "You fold forward at the waist, which pushes your hips back and cuts the push behind you. Keep your trunk straight and lean slightly from the ankles instead.",
		Cue:    "Tall through the head, hips forward",
		Drill:  "Dead bugs: 3 × 10 per side, three times a week",
	},
	BackwardTrunkLean: {
		Title:  "Leaning back",
		Advice: "Your trunk tilts backward, which keeps you behind your feet and invites overstriding. Stand tall or lean very slightly forward from the ankles.",
		Cue:    "Lean slightly forward from the ankles",
		Drill:  "Falling starts: 6 × 15 m, twice a week",
	},
	LimitedHipExtension: {
		Title:  "Limited hip extension",
		Advice: "Your leg barely extends behind you at toe-off, which shortens your push. Tight hip flexors or weak glutes are common causes.",
		Cue:    "Let the leg finish behind you",
		Drill:  "Kneeling hip flexor stretch: 3 × 30 s per side, daily",
	},
	ArmSwing: {
		Title:  "Weak arm swing",
		Advice: "Your elbows are too open and your arms do little work, so they do not help your rhythm or balance. Keep the elbows at about 90° and swing from the shoulders, front to back.",
		Cue:    "Elbows back, hands relaxed",
		Drill:  "Seated arm swings: 3 × 30 s, twice a week",
	},
	ContactAsymmetry: {
		Title:  "Uneven left and right steps",
		Advice: "Your left and right steps differ in contact time or length. A small difference is normal; a large or new one can point to weakness, stiffness or an old injury.",
		Cue:    "Even rhythm, both sides alike",
		Drill:  "Single-leg hops: 3 × 10 per leg, weaker side first, twice a week",
	},
	PelvicDrop: {
		Title:  "Pelvic drop",
		Advice: "When you land on one leg, the hip on the other side drops, a sign of weak hip abductors (gluteus medius). Strengthening them steadies the pelvis and the knee.",
		Cue:    "Keep your hips level",
		Drill:  "Side planks: 3 × 30 s per side, three times a week",
	},
	HipAdduction: {
		Title:  "Thigh crossing inward",
		Advice: "Your thigh swings toward the midline while the foot is on the ground, which strains the outer hip and the IT band. Strengthen your hips and land with your feet slightly apart.",
		Cue:    "Run on two rails, not a tightrope",
		Drill:  "Mini-band side steps: 3 × 15 steps each way, three times a week",
	},
	KneeAdduction: {
		Title:  "Knee collapsing inward",
		Advice: "Your knee caves inward while the foot is on the ground (dynamic valgus), which loads the front and inside of the knee. Strengthen your hips and practise keeping the knee over the foot.",
		Cue:    "Knee in line with your toes",
		Drill:  "Single-leg squats in front of a mirror: 3 × 8 per leg, three times a week",
	},
	Overpronation: {
		Title:  "Overpronation",
		Advice: "Your heel rolls inward a lot after landing. Some pronation is normal shock absorption; if you have pain, strengthen your feet and calves and check your shoes.",
		Cue:    "Quiet, light feet",
		Drill:  "Short-foot exercise: 3 × 10 holds of 5 s, daily",
	},
	Underpronation: {
		Title:  "Underpronation (supination)",
		Advice: "Your foot stays tilted outward and hardly rolls in after landing, so it absorbs less shock. Work on ankle mobility and consider a more cushioned shoe.",
		Cue:    "Relax your feet and let them settle",
		Drill:  "Knee-to-wall ankle mobility: 2 × 10 per side, daily",
	},
	FrontalAsymmetry: {
		Title:  "Left–right imbalance",
		Advice: "Seen from behind, your left and right sides move differently, for example in hip or knee control. Train the weaker side with single-leg work and keep an eye on it if you have pain.",
		Cue:    "Stable hips on both sides",
		Drill:  "Single-leg balance: 3 × 30 s per leg, eyes open then closed, daily",
	},
	GoodForm: {
		Title:  "Good form",
		Advice: "No notable issues were found in your running form. Keep building your mileage gradually and include strength work to stay injury-free.",
		Cue:    "Relaxed, tall and light",
		Drill:  "Strides: 4–6 × 20 s after an easy run, once or twice a week",
	},
}

var enLabels = map[string]string{
	"rearfoot": "Rearfoot",
	"midfoot":  "Midfoot",
	"forefoot": "Forefoot",
	"stick":    "Stick",
	"bounce":   "Bounce",
	"push":     "Push",
	"hop":      "Hop",
	"sit":      "Sit",
	"low":      "Low",
	"moderate": "Moderate",
	"high":     "High",
	"left":     "Left",
	"right":    "Right",
}
