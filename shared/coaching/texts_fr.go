package coaching

import "motionlab/shared/advice"

var frTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Foulée trop longue",
		Advice: "Votre pied se pose loin devant vos hanches, et votre cadence, la flexion du genou à l'attaque ou l'extension de hanche sont aussi en dehors de la cible : chaque appui vous freine et le choc arrive sur une jambe tendue. Faites des pas un peu plus rapides et plus courts, et posez le pied plus près, sous le corps.",
		Cue:    "Pieds rapides, posés sous les hanches",
		Drill:  "Montées de genoux sautillées (A-skips) : 3 × 20 m, puis course au métronome à +5 % de cadence 3 × 2 min, deux fois par semaine",
	},
	HeavyHeelStrike: {
		Title:  "Attaque talon appuyée",
		Advice: "Vous vous posez sur le talon, le pied loin devant et le genou presque tendu : le choc est brutal. Atterrir sur le talon n'est pas un problème en soi ; atterrir jambe tendue loin devant, si. Fléchissez légèrement le genou et rapprochez l'appui.",
		Cue:    "Genou souple, pas silencieux",
		Drill:  "Lignes droites pieds nus sur l'herbe : 4 × 20 s, en cherchant des appuis silencieux, deux fois par semaine",
	},
	Bouncing: {
		Title:  "Course rebondissante",
		Advice: "Vous montez et descendez beaucoup pour la longueur de vos jambes, avec peu de pas par minute : une grande part de l'effort vous soulève au lieu de vous faire avancer. Dirigez la poussée vers l'avant et augmentez un peu la cadence.",
		Cue:    "Avancer, pas monter",
		Drill:  "Pas rapides : 4 × 15 m, puis 3 × 2 min à +5 % de cadence, deux fois par semaine",
	},
	SinkingMidstance: {
		Title:  "Affaissement à l'appui",
		Advice: "Votre genou fléchit fortement pendant l'appui, avec une forte inclinaison vers l'avant ou un contact au sol long : vous vous asseyez dans chaque pas et perdez votre ressort. Restez grand sur une jambe plus ferme et plus élastique.",
		Cue:    "Hanches hautes, jambes ressorts",
		Drill:  "Sautillés sur une jambe : 3 × 15 par jambe, puis chaise contre le mur 3 × 30 s, deux fois par semaine",
	},
	CrossoverGait: {
		Title:  "Pieds qui se croisent",
		Advice: "Vu de dos, vos pieds se posent sur la ligne médiane du corps ou au-delà, comme sur un fil. Cela charge l'extérieur du tibia et de la hanche. Cherchez à poser chaque pied sous sa propre hanche.",
		Cue:    "Courir sur deux rails, pas un seul",
		Drill:  "Course de part et d'autre d'une ligne : 4 × 30 s, puis élévations de jambe sur le côté 3 × 15 par côté, trois fois par semaine",
	},
	LateralSway: {
		Title:  "Balancement latéral",
		Advice: "Votre tronc ou votre tête oscille de gauche à droite à chaque pas, ce qui gaspille de l'énergie et signale souvent que hanches et tronc ne stabilisent pas le bassin. Gardez la tête immobile et le tronc calme au-dessus de la jambe d'appui.",
		Cue:    "Tête immobile, regard horizontal",
		Drill:  "Gainage latéral : 3 × 30 s par côté, puis équilibre sur une jambe yeux fermés 3 × 30 s, trois fois par semaine",
	},
	AsymmetryKey: {
		Title:  "Déséquilibre gauche/droite",
		Advice: "Un côté bouge nettement différemment de l'autre sur cette mesure. Une petite différence est normale ; une grande peut venir d'une ancienne blessure, d'une faiblesse ou d'une raideur d'un côté. Renforcez le côté faible et refaites la mesure dans quelques semaines.",
		Cue:    "Rythme régulier, deux côtés pareils",
		Drill:  "Descentes de marche sur une jambe : 3 × 10 par jambe, côté faible d'abord, trois fois par semaine",
	},
}
