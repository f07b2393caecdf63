package advice

// French: "vous", as in French coaching apps.
var frMessages = map[Key]Message{
	Overstride: {
		Title:  "Attaque trop en avant",
		Advice: "Votre pied se pose nettement devant vos hanches, ce qui freine chaque foulée et charge le genou. Raccourcissez légèrement la foulée et posez le pied plus près, sous votre corps.",
		Cue:    "Posez le pied sous les hanches",
		Drill:  "Éducatifs au mur : 3 × 20 s, deux fois par semaine",
	},
	LowCadence: {
		Title:  "Cadence faible",
		Advice: "Votre cadence est basse pour une allure facile, ce qui va souvent avec des foulées longues et lourdes. Augmentez-la progressivement de 5 à 10 %, pas d'un coup.",
		Cue:    "Des pas rapides et légers",
		Drill:  "Course au métronome à +5 % de cadence : 3 × 3 min pendant un footing, deux fois par semaine",
	},
	HighCadence: {
		Title:  "Cadence très élevée",
		Advice: "Vos pas sont très courts et hachés pour cette vitesse : vous dépensez de l'énergie sans avancer. Laissez la foulée s'allonger un peu en poussant depuis la hanche.",
		Cue:    "Poussez le sol derrière vous",
		Drill:  "Lignes droites : 6 × 20 s, relâché et ample, récupération complète, deux fois par semaine",
	},
	LongGroundContact: {
		Title:  "Contact au sol long",
		Advice: "Votre pied reste longtemps au sol pour votre vitesse, ce qui gaspille l'énergie élastique. Travaillez un appui plus rapide et plus dynamique.",
		Cue:    "Le sol est brûlant : quittez-le vite",
		Drill:  "Sauts pogo : 3 × 20 appuis, deux fois par semaine",
	},
	HeelStrike: {
		Title:  "Attaque talon marquée",
		Advice: "Vous atterrissez fort sur le talon, le pied loin devant vous. Attaquer par le talon n'est pas un problème en soi ; c'est le pied trop en avant qui l'est. Rapprochez l'appui de votre corps.",
		Cue:    "Posez le pied en douceur, sous vous",
		Drill:  "Lignes droites pieds nus sur l'herbe : 4 × 20 s, deux fois par semaine",
	},
	HighVerticalOscillation: {
		Title:  "Trop de rebond",
		Advice: "Vous montez et descendez beaucoup, et dépensez votre énergie à vous élever plutôt qu'à avancer. Dirigez votre poussée vers l'avant, pas vers le haut.",
		Cue:    "Grandissez-vous et glissez vers l'avant",
		Drill:  "Pieds rapides : 4 × 15 m, appuis bas et rapides, deux fois par semaine",
	},
	LowVerticalOscillation: {
		Title:  "Course traînante",
		Advice: "Vos pieds quittent à peine le sol, avec peu de phase aérienne et peu de poussée. Ajoutez du ressort à chaque foulée en poussant activement.",
		Cue:    "Poussez et rebondissez légèrement",
		Drill:  "Skippings bondissants : 4 × 20 m, deux fois par semaine",
	},
	StiffKneeAtContact: {
		Title:  "Genou raide à la réception",
		Advice: "Votre genou est presque tendu quand le pied se pose, et le choc remonte directement dans la jambe. Atterrissez genou légèrement fléchi pour amortir.",
		Cue:    "Genoux souples à la réception",
		Drill:  "Sauts avec réception amortie : 3 × 10, réception silencieuse genoux fléchis, deux fois par semaine",
	},
	ExcessiveTrunkLean: {
		Title:  "Buste cassé vers l'avant",
		Advice: "Vous vous penchez depuis la taille, ce qui recule les hanches et limite la poussée derrière vous. Gardez le buste droit et inclinez-vous légèrement depuis les chevilles.",
		Cue:    "Grand, hanches en avant",
		Drill:  "Dead bugs : 3 × 10 par côté, trois fois par semaine",
	},
	BackwardTrunkLean: {
		Title:  "Buste en arrière",
		Advice: "Votre buste penche vers l'arrière, ce qui vous place derrière vos appuis et favorise une attaque trop en avant. Redressez-vous, voire inclinez-vous très légèrement vers l'avant depuis les chevilles.",
		Cue:    "Légère inclinaison vers l'avant depuis les chevilles",
		Drill:  "Départs en chute : 6 × 15 m, deux fois par semaine",
	},
	LimitedHipExtension: {
		Title:  "Extension de hanche limitée",
		Advice: "Votre jambe s'étend peu derrière vous à la fin de l'appui, ce qui raccourcit la poussée. Des fléchisseurs de hanche raides ou des fessiers faibles en sont souvent la cause.",
		Cue:    "Laissez la jambe finir derrière vous",
		Drill:  "Étirement des fléchisseurs de hanche à genou : 3 × 30 s par côté, chaque jour",
	},
	ArmSwing: {
		Title:  "Bras peu actifs",
		Advice: "Vos coudes sont trop ouverts et vos bras travaillent peu : ils n'aident ni le rythme ni l'équilibre. Gardez les coudes à environ 90° et balancez les bras d'avant en arrière depuis les épaules.",
		Cue:    "Coudes vers l'arrière, mains relâchées",
		Drill:  "Balancés de bras assis : 3 × 30 s, deux fois par semaine",
	},
	ContactAsymmetry: {
		Title:  "Appuis gauche et droit inégaux",
		Advice: "Vos appuis gauche et droit diffèrent en temps de contact ou en longueur. Un léger écart est normal ; un écart important ou nouveau peut révéler une faiblesse, une raideur ou une ancienne blessure.",
		Cue:    "Rythme régulier, les deux côtés pareils",
		Drill:  "Sauts sur une jambe : 3 × 10 par jambe, côté faible en premier, deux fois par semaine",
	},
	PelvicDrop: {
		Title:  "Bascule du bassin",
		Advice: "Quand vous prenez appui sur une jambe, le bassin s'abaisse du côté opposé, signe de moyens fessiers faibles. Les renforcer stabilise le bassin et le genou.",
		Cue:    "Gardez le bassin à niveau",
		Drill:  "Gainage latéral : 3 × 30 s par côté, trois fois par semaine",
	},
	HipAdduction: {
		Title:  "Cuisse qui rentre vers l'intérieur",
		Advice: "Votre cuisse se rapproche de l'axe du corps pendant l'appui, ce qui sollicite l'extérieur de la hanche et la bandelette ilio-tibiale. Renforcez les hanches et posez les pieds légèrement écartés.",
		Cue:    "Courez sur deux rails, pas sur un fil",
		Drill:  "Pas latéraux avec mini-bande : 3 × 15 pas de chaque côté, trois fois par semaine",
	},
	KneeAdduction: {
		Title:  "Genou qui rentre vers l'intérieur",
		Advice: "Votre genou part vers l'intérieur pendant l'appui (valgus dynamique), ce qui charge l'avant et l'intérieur du genou. Renforcez les hanches et entraînez-vous à garder le genou dans l'axe du pied.",
		Cue:    "Genou dans l'axe des orteils",
		Drill:  "Squats sur une jambe devant un miroir : 3 × 8 par jambe, trois fois par semaine",
	},
	Overpronation: {
		Title:  "Surpronation",
		Advice: "Votre talon bascule fortement vers l'intérieur après la réception. Un peu de pronation est un amorti normal ; en cas de douleur, renforcez pieds et mollets et vérifiez vos chaussures.",
		Cue:    "Pieds légers et silencieux",
		Drill:  "Exercice du pied court : 3 × 10 maintiens de 5 s, chaque jour",
	},
	Underpronation: {
		Title:  "Supination (sous-pronation)",
		Advice: "Votre pied reste incliné vers l'extérieur et se déroule peu après la réception, il amortit donc moins. Travaillez la mobilité de cheville et envisagez une chaussure plus amortie.",
		Cue:    "Relâchez les pieds, laissez-les se poser",
		Drill:  "Mobilité de cheville genou au mur : 2 × 10 par côté, chaque jour",
	},
	FrontalAsymmetry: {
		Title:  "Déséquilibre gauche-droite",
		Advice: "Vus de dos, vos côtés gauche et droit bougent différemment, par exemple dans le contrôle de la hanche ou du genou. Renforcez le côté faible avec des exercices sur une jambe et surveillez-le en cas de douleur.",
		Cue:    "Hanches stables des deux côtés",
		Drill:  "Équilibre sur une jambe : 3 × 30 s par jambe, yeux ouverts puis fermés, chaque jour",
	},
	GoodForm: {
		Title:  "Bonne foulée",
		Advice: "Aucun défaut notable n'a été détecté dans votre foulée. Continuez à augmenter le volume progressivement et intégrez du renforcement pour éviter les blessures.",
		Cue:    "Relâché, grand et léger",
		Drill:  "Lignes droites : 4 à 6 × 20 s après un footing, une à deux fois par semaine",
	},
}

var frLabels = map[string]string{
	"rearfoot": "Arrière-pied",
	"midfoot":  "Médio-pied",
	"forefoot": "Avant-pied",
	"stick":    "Bâton",
	"bounce":   "Rebond",
	"push":     "Poussée",
	"hop":      "Sautillé",
	"sit":      "Assis",
	"low":      "Faible",
	"moderate": "Modérée",
	"high":     "Élevée",
	"left":     "Gauche",
	"right":    "Droite",
}
