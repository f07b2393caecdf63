package coaching

import "motionlab/shared/advice"

var esTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Zancada excesiva",
		Advice: "Tu pie aterriza muy por delante de la cadera, y además la cadencia, la flexión de rodilla al aterrizar o la extensión de cadera están fuera del objetivo: cada apoyo te frena y el impacto llega a una pierna recta. Da pasos algo más rápidos y cortos y apoya el pie más cerca, bajo el cuerpo.",
		Cue:    "Pies rápidos, aterriza bajo la cadera",
		Drill:  "Skipping A: 3 × 20 m, luego carrera con metrónomo a +5 % de cadencia 3 × 2 min, dos veces por semana",
	},
	HeavyHeelStrike: {
		Title:  "Talonazo fuerte",
		Advice: "Aterrizas de talón con el pie muy adelantado y la rodilla casi recta, así que el impacto es brusco. Aterrizar de talón no es un problema; hacerlo con la pierna recta muy por delante sí. Flexiona un poco la rodilla y acerca el apoyo.",
		Cue:    "Rodilla suave, pies silenciosos",
		Drill:  "Progresivos descalzo sobre césped: 4 × 20 s buscando apoyos silenciosos, dos veces por semana",
	},
	Bouncing: {
		Title:  "Carrera saltarina",
		Advice: "Subes y bajas mucho para la longitud de tus piernas y das pocos pasos por minuto: gran parte del esfuerzo te eleva en lugar de llevarte hacia delante. Dirige el empuje hacia delante y sube un poco la cadencia.",
		Cue:    "Corre bajo y hacia delante, no hacia arriba",
		Drill:  "Pasos rápidos: 4 × 15 m, luego 3 × 2 min a +5 % de cadencia, dos veces por semana",
	},
	SinkingMidstance: {
		Title:  "Hundimiento en el apoyo",
		Advice: "Tu rodilla se flexiona mucho mientras estás en el suelo, junto con una fuerte inclinación hacia delante o un contacto largo: te sientas en cada paso y pierdes rebote. Mantente alto sobre una pierna más firme y elástica.",
		Cue:    "Cadera alta, muelles firmes",
		Drill:  "Saltos pogo a una pierna: 3 × 15 por pierna, luego sentadilla isométrica en la pared 3 × 30 s, dos veces por semana",
	},
	CrossoverGait: {
		Title:  "Pisada cruzada",
		Advice: "Vistos desde atrás, tus pies aterrizan sobre la línea media del cuerpo o más allá, como en una cuerda floja. Eso carga la parte externa de la tibia y de la cadera. Busca apoyar cada pie bajo su propia cadera.",
		Cue:    "Corre sobre dos raíles, no sobre uno",
		Drill:  "Carrera a ambos lados de una línea: 4 × 30 s, luego elevaciones laterales de pierna 3 × 15 por lado, tres veces por semana",
	},
	LateralSway: {
		Title:  "Balanceo lateral",
		Advice: "Tu tronco o tu cabeza se balancean de lado a lado en cada paso, lo que gasta energía y a menudo indica que cadera y tronco no sujetan la pelvis. Mantén la cabeza quieta y el tronco estable sobre la pierna de apoyo.",
		Cue:    "Cabeza quieta, mirada al frente",
		Drill:  "Planchas laterales: 3 × 30 s por lado, luego equilibrio a una pierna con ojos cerrados 3 × 30 s, tres veces por semana",
	},
	AsymmetryKey: {
		Title:  "Desequilibrio izquierda/derecha",
		Advice: "Un lado se mueve claramente distinto del otro en esta medida. Una diferencia pequeña es normal; una grande puede venir de una lesión antigua, debilidad o rigidez de un lado. Fortalece el lado débil y vuelve a medirlo en unas semanas.",
		Cue:    "Ritmo uniforme, ambos lados iguales",
		Drill:  "Bajadas de escalón a una pierna: 3 × 10 por pierna, primero el lado débil, tres veces por semana",
	},
}
