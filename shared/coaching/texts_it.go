package coaching

import "motionlab/shared/advice"

var itTexts = map[string]advice.Message{
	Overstriding: {
		Title:  "Falcata troppo lunga",
		Advice: "Il piede atterra molto davanti alle anche, e anche cadenza, flessione del ginocchio all'appoggio o estensione dell'anca sono fuori obiettivo: ogni appoggio ti frena e l'impatto arriva su una gamba tesa. Fai passi un po' più rapidi e corti e appoggia il piede più vicino, sotto il corpo.",
		Cue:    "Piedi rapidi, appoggio sotto le anche",
		Drill:  "Skip A: 3 × 20 m, poi corsa col metronomo a +5% di cadenza 3 × 2 min, due volte a settimana",
	},
	HeavyHeelStrike: {
		Title:  "Tallonata pesante",
		Advice: "Atterri di tallone con il piede molto avanti e il ginocchio quasi teso, quindi l'impatto è secco. Atterrare di tallone non è un problema; farlo a gamba tesa molto avanti sì. Piega leggermente il ginocchio e avvicina l'appoggio.",
		Cue:    "Ginocchio morbido, piedi silenziosi",
		Drill:  "Allunghi a piedi nudi sull'erba: 4 × 20 s cercando appoggi silenziosi, due volte a settimana",
	},
	Bouncing: {
		Title:  "Corsa rimbalzante",
		Advice: "Sali e scendi molto per la lunghezza delle tue gambe e fai pochi passi al minuto: gran parte dello sforzo ti solleva invece di portarti avanti. Dirigi la spinta in avanti e alza un po' la cadenza.",
		Cue:    "Corri basso e in avanti, non in alto",
		Drill:  "Passi rapidi: 4 × 15 m, poi 3 × 2 min a +5% di cadenza, due volte a settimana",
	},
	SinkingMidstance: {
		Title:  "Cedimento in appoggio",
		Advice: "Il ginocchio si piega molto mentre sei a terra, insieme a una forte inclinazione in avanti o a un contatto lungo: ti siedi in ogni passo e perdi elasticità. Resta alto su una gamba più solida ed elastica.",
		Cue:    "Anche alte, molle rigide",
		Drill:  "Saltelli pogo su una gamba: 3 × 15 per gamba, poi sedia al muro 3 × 30 s, due volte a settimana",
	},
	CrossoverGait: {
		Title:  "Appoggi incrociati",
		Advice: "Visti da dietro, i piedi atterrano sulla linea mediana del corpo o oltre, come su una fune. Questo carica la parte esterna della tibia e dell'anca. Cerca di appoggiare ogni piede sotto la propria anca.",
		Cue:    "Corri su due binari, non su uno",
		Drill:  "Corsa ai due lati di una linea: 4 × 30 s, poi sollevamenti laterali della gamba 3 × 15 per lato, tre volte a settimana",
	},
	LateralSway: {
		Title:  "Oscillazione laterale",
		Advice: "Il tronco o la testa oscillano da un lato all'altro a ogni passo: si spreca energia e spesso anche e tronco non tengono stabile il bacino. Tieni la testa ferma e il tronco stabile sopra la gamba d'appoggio.",
		Cue:    "Testa ferma, sguardo orizzontale",
		Drill:  "Plank laterale: 3 × 30 s per lato, poi equilibrio su una gamba a occhi chiusi 3 × 30 s, tre volte a settimana",
	},
	AsymmetryKey: {
		Title:  "Squilibrio sinistra/destra",
		Advice: "Un lato si muove in modo nettamente diverso dall'altro in questa misura. Una piccola differenza è normale; una grande può derivare da un vecchio infortunio, debolezza o rigidità di un lato. Rinforza il lato più debole e ripeti la misura tra qualche settimana.",
		Cue:    "Ritmo regolare, due lati uguali",
		Drill:  "Discese dal gradino su una gamba: 3 × 10 per gamba, prima il lato debole, tre volte a settimana",
	},
}
