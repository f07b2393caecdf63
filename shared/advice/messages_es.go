package advice

// Spanish: "tú", as in Spanish-language running apps.
var esMessages = map[Key]Message{
	Overstride: {
		Title:  "Zancada demasiado larga",
		Advice: "Tu pie aterriza muy por delante de la cadera, lo que frena cada zancada y carga la rodilla. Acorta un poco la zancada y apoya el pie más cerca, debajo del cuerpo.",
		Cue:    "Apoya el pie bajo la cadera",
		Drill:  "Ejercicios en la pared: 3 × 20 s, dos veces por semana",
	},
	LowCadence: {
		Title:  "Cadencia baja",
		Advice: "Tu cadencia es baja para un ritmo suave, y eso suele ir con zancadas largas y pesadas. Súbela poco a poco, un 5–10 %, no de golpe.",
		Cue:    "Pasos rápidos y ligeros",
		Drill:  "Carrera con metrónomo a +5 % de cadencia: 3 × 3 min dentro de un rodaje suave, dos veces por semana",
	},
	HighCadence: {
		Title:  "Cadencia muy alta",
		Advice: "Tus pasos son muy cortos y entrecortados para esta velocidad: gastas energía sin avanzar. Deja que la zancada se abra un poco empujando hacia atrás desde la cadera.",
		Cue:    "Empuja el suelo hacia atrás",
		Drill:  "Rectas progresivas: 6 × 20 s, sueltas y amplias, recuperación completa, dos veces por semana",
	},
	LongGroundContact: {
		Title:  "Contacto con el suelo largo",
		Advice: "Tu pie pasa mucho tiempo en el suelo para tu velocidad y desperdicias energía elástica. Trabaja un apoyo más rápido y reactivo.",
		Cue:    "El suelo quema: despégate rápido",
		Drill:  "Saltos pogo: 3 × 20 contactos, dos veces por semana",
	},
	HeelStrike: {
		Title:  "Talonazo marcado",
		Advice: "Aterrizas con fuerza sobre el talón y con el pie muy por delante. Apoyar de talón no es un problema en sí; lo es estirar tanto el pie. Acerca el apoyo a tu cuerpo.",
		Cue:    "Aterriza suave, bajo el cuerpo",
		Drill:  "Rectas descalzo sobre césped: 4 × 20 s, dos veces por semana",
	},
	HighVerticalOscillation: {
		Title:  "Demasiado rebote",
		Advice: "Subes y bajas mucho y gastas energía en elevarte en lugar de avanzar. Dirige el impulso hacia delante, no hacia arriba.",
		Cue:    "Corre alto y deslízate hacia delante",
		Drill:  "Pies rápidos: 4 × 15 m, bajos y rápidos, dos veces por semana",
	},
	LowVerticalOscillation: {
		Title:  "Zancada arrastrada",
		Advice: "Tus pies apenas se despegan del suelo, con poca fase de vuelo y poco impulso. Da más elasticidad a cada zancada empujando de forma activa.",
		Cue:    "Empuja y rebota ligeramente",
		Drill:  "Skipping con impulso vertical: 4 × 20 m, dos veces por semana",
	},
	StiffKneeAtContact: {
		Title:  "Rodilla rígida al aterrizar",
		Advice: "Tu rodilla está casi recta cuando el pie toca el suelo, así que el impacto sube directo por la pierna. Aterriza con la rodilla ligeramente flexionada para amortiguar la carga.",
		Cue:    "Rodillas blandas al aterrizar",
		Drill:  "Saltos con aterrizaje suave: 3 × 10, aterriza en silencio con las rodillas flexionadas, dos veces por semana",
	},
	ExcessiveTrunkLean: {
		Title:  "Tronco doblado por la cintura",
		Advice: "Te inclinas hacia delante desde la cintura, lo que lleva la cadera atrás y limita el empuje detrás de ti. Mantén el tronco recto e inclínate ligeramente desde los tobillos.",
		Cue:    "Alto, cadera adelante",
		Drill:  "Dead bug: 3 × 10 por lado, tres veces por semana",
	},
	BackwardTrunkLean: {
		Title:  "Tronco hacia atrás",
		Advice: "Tu tronco se inclina hacia atrás, lo que te deja detrás de los pies y favorece la zancada demasiado larga. Ponte recto o inclínate muy ligeramente hacia delante desde los tobillos.",
		Cue:    "Inclínate un poco hacia delante desde los tobillos",
		Drill:  "Salidas en caída: 6 × 15 m, dos veces por semana",
	},
	LimitedHipExtension: {
		Title:  "Extensión de cadera limitada",
		Advice: "Tu pierna apenas se extiende hacia atrás al despegar el pie, lo que acorta el impulso. Suele deberse a flexores de cadera acortados o glúteos débiles.",
		Cue:    "Deja que la pierna termine atrás",
		Drill:  "Estiramiento de flexores de cadera de rodillas: 3 × 30 s por lado, a diario",
	},
	ArmSwing: {
		Title:  "Braceo débil",
		Advice: "Tus codos están demasiado abiertos y los brazos apenas trabajan, así que no ayudan al ritmo ni al equilibrio. Mantén los codos a unos 90° y balancea desde los hombros, de delante atrás.",
		Cue:    "Codos atrás, manos relajadas",
		Drill:  "Braceo sentado: 3 × 30 s, dos veces por semana",
	},
	ContactAsymmetry: {
		Title:  "Pasos desiguales entre lados",
		Advice: "Tus pasos izquierdo y derecho difieren en tiempo de contacto o longitud. Una pequeña diferencia es normal; una grande o reciente puede indicar debilidad, rigidez o una lesión antigua.",
		Cue:    "Ritmo regular, ambos lados iguales",
		Drill:  "Saltos a una pierna: 3 × 10 por pierna, empezando por el lado débil, dos veces por semana",
	},
	PelvicDrop: {
		Title:  "Caída de la pelvis",
		Advice: "Al apoyar una pierna, la pelvis cae del lado contrario, señal de abductores de cadera (glúteo medio) débiles. Fortalecerlos estabiliza la pelvis y la rodilla.",
		Cue:    "Mantén la pelvis nivelada",
		Drill:  "Plancha lateral: 3 × 30 s por lado, tres veces por semana",
	},
	HipAdduction: {
		Title:  "Muslo que cruza hacia dentro",
		Advice: "Tu muslo se acerca a la línea media durante el apoyo, lo que carga la parte externa de la cadera y la cintilla iliotibial. Fortalece la cadera y apoya los pies algo más separados.",
		Cue:    "Corre sobre dos raíles, no sobre una cuerda floja",
		Drill:  "Pasos laterales con minibanda: 3 × 15 pasos a cada lado, tres veces por semana",
	},
	KneeAdduction: {
		Title:  "Rodilla hacia dentro",
		Advice: "Tu rodilla se va hacia dentro durante el apoyo (valgo dinámico), lo que carga la parte delantera e interna de la rodilla. Fortalece la cadera y practica mantener la rodilla alineada con el pie.",
		Cue:    "Rodilla alineada con la punta del pie",
		Drill:  "Sentadilla a una pierna frente al espejo: 3 × 8 por pierna, tres veces por semana",
	},
	Overpronation: {
		Title:  "Hiperpronación",
		Advice: "Tu talón se vuelca mucho hacia dentro tras el aterrizaje. Algo de pronación es amortiguación normal; si tienes dolor, fortalece pies y gemelos y revisa tus zapatillas.",
		Cue:    "Pies ligeros y silenciosos",
		Drill:  "Ejercicio de pie corto: 3 × 10 mantenimientos de 5 s, a diario",
	},
	Underpronation: {
		Title:  "Supinación (pronación insuficiente)",
		Advice: "Tu pie se mantiene inclinado hacia fuera y apenas rueda hacia dentro tras el aterrizaje, por lo que amortigua menos. Mejora la movilidad del tobillo y considera una zapatilla con más amortiguación.",
		Cue:    "Relaja los pies y deja que se asienten",
		Drill:  "Movilidad de tobillo con rodilla a la pared: 2 × 10 por lado, a diario",
	},
	FrontalAsymmetry: {
		Title:  "Asimetría izquierda/derecha",
		Advice: "Visto desde atrás, tu lado izquierdo y el derecho se mueven de forma distinta, por ejemplo en el control de la cadera o la rodilla. Fortalece el lado débil con ejercicios a una pierna y vigílalo si tienes dolor.",
		Cue:    "Cadera estable en ambos lados",
		Drill:  "Equilibrio a una pierna: 3 × 30 s por pierna, con ojos abiertos y luego cerrados, a diario",
	},
	GoodForm: {
		Title:  "Buena técnica",
		Advice: "No se han detectado problemas destacables en tu técnica de carrera. Sigue aumentando el volumen de forma progresiva e incluye trabajo de fuerza para evitar lesiones.",
		Cue:    "Suelto, alto y ligero",
		Drill:  "Rectas progresivas: 4–6 × 20 s tras un rodaje suave, una o dos veces por semana",
	},
}

var esLabels = map[string]string{
	"rearfoot": "Retropié",
	"midfoot":  "Mediopié",
	"forefoot": "Antepié",
	"stick":    "Palo",
	"bounce":   "Rebote",
	"push":     "Empuje",
	"hop":      "Saltito",
	"sit":      "Sentado",
	"low":      "Baja",
	"moderate": "Moderada",
	"high":     "Alta",
	"left":     "Izquierdo",
	"right":    "Derecho",
}
