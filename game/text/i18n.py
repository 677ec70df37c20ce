"""Interface strings in English and French.

Scenario texts (place names, captions) come from the scenario via `engine.format.scenario.text_in`;
this table holds only what the interface itself says. A key missing in French falls back to
English, and a key missing everywhere shows the key itself, so a gap is visible, not fatal.
"""

from __future__ import annotations

import datetime as dt

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "Channel Ports 1944", "fr": "Les ports de la Manche 1944"},
    "app.subtitle": {
        # the game's, not a scenario's: the scenario loaded is named just below it
        "en": "The sieges of 1944, turn by turn, set against history",
        "fr": "Les sièges de 1944, tour par tour, face à l'histoire",
    },
    # main menu
    "menu.new": {"en": "New game", "fr": "Nouvelle partie"},
    "menu.continue": {"en": "Continue", "fr": "Reprendre"},
    "menu.load": {"en": "Load game", "fr": "Charger une partie"},
    "menu.replay": {"en": "History replay", "fr": "Revivre l'histoire"},
    "menu.sources": {"en": "Sources", "fr": "Sources"},
    "menu.settings": {"en": "Settings", "fr": "Réglages"},
    "menu.quit": {"en": "Quit", "fr": "Quitter"},
    "menu.replay_soon": {
        "en": "The history replay — a day-by-day documentary of September 1944 with dated "
        "captions and their sources — is not part of this version yet. It will open here.",
        "fr": "Le film de l'histoire — septembre 1944 jour par jour, avec légendes datées et "
        "sources — ne fait pas encore partie de cette version. Il s'ouvrira ici.",
    },
    "menu.loading": {"en": "Loading the scenario…", "fr": "Chargement du scénario…"},
    # who plays each side, changed in the middle of a game (game/widgets/players.py)
    "button.players": {"en": "Players", "fr": "Joueurs"},
    "tip.players": {"en": "Who plays each side from now on: you, the AI or the 1944 plan (H)",
                    "fr": "Qui joue chaque camp désormais : vous, l'IA ou le plan de 1944 (H)"},
    "players.title": {"en": "Who plays each side", "fr": "Qui joue chaque camp"},
    "players.intro": {
        "en": "The game goes on where it is. A phase already begun is finished by whoever "
        "began it; the new player takes over from that side's next phase.",
        "fr": "La partie continue là où elle en est. Une phase commencée est finie par qui "
        "l'a commencée ; le nouveau joueur prend la main à la phase suivante de ce camp."},
    "players.human": {"en": "You", "fr": "Vous"},
    "players.ai": {"en": "AI", "fr": "IA"},
    "players.history": {"en": "1944 plan", "fr": "Plan de 1944"},
    "players.now_human": {"en": "Played by you.", "fr": "Joué par vous."},
    "players.now_ai": {"en": "Played by the AI.", "fr": "Joué par l'IA."},
    "players.now_history": {"en": "Played by the 1944 plan.", "fr": "Joué par le plan de 1944."},
    "players.next": {"en": "Next phase: {who}.", "fr": "Phase suivante : {who}."},
    "players.end_turn": {"en": "(End turn hands it over.)", "fr": "(Fin du tour passe la main.)"},
    "players.by_human": {"en": "you", "fr": "vous"},
    "players.by_ai": {"en": "the AI", "fr": "l'IA"},
    "players.by_history": {"en": "the 1944 plan", "fr": "le plan de 1944"},
    "players.by_from": {"en": "{who} from {date}", "fr": "{who} à partir du {date}"},
    "report.played_by": {"en": "played by {who}", "fr": "joués par {who}"},
    "players.no_plan": {"en": "The 1944 plan gives this side no orders.",
                        "fr": "Le plan de 1944 ne donne pas d'ordres à ce camp."},
    "log.handover_human": {"en": "From now on you play the {side}.",
                           "fr": "Désormais, vous jouez les {side}."},
    "log.handover_ai": {"en": "From now on the AI plays the {side}.",
                        "fr": "Désormais, l'IA joue les {side}."},
    "log.handover_history": {"en": "From now on the 1944 plan gives the orders of the {side}.",
                             "fr": "Désormais, le plan de 1944 donne les ordres des {side}."},
    "log.handover_next_human": {
        "en": "You take over the {side} from their next phase.",
        "fr": "Vous prenez les {side} en main dès leur prochaine phase."},
    "log.handover_next_ai": {
        "en": "The AI takes over the {side} from their next phase.",
        "fr": "L'IA prend les {side} en main dès leur prochaine phase."},
    "log.handover_next_history": {
        "en": "The 1944 plan takes over the {side} from their next phase.",
        "fr": "Le plan de 1944 prend les {side} en main dès leur prochaine phase."},
    "help.players_tab": {"en": "Who plays", "fr": "Qui joue"},
    "help.players": {
        "en": "<b>Handing a side over, and taking it back</b><br>"
        "The Players button (or H) lists the sides. For each, choose who gives its orders "
        "from now on: you, the AI, or — for a side the scenario's historical plan commands — "
        "the 1944 plan. The game does not start again: it goes on from where it is, with one "
        "order log, so saves, the after-action report and the history comparison see one "
        "campaign.<br><br>"
        "<b>When the change takes effect</b><br>"
        "At that side's next phase. A phase already begun is finished by whoever began it: "
        "if you have given an order this phase, finish it with End turn; if the AI is "
        "thinking, it ends its phase first. A phase nobody has begun goes to the new player "
        "at once, so handing your side to the AI at the start of your turn lets the AI play "
        "it now.<br><br>"
        "<b>Watch the AI finish, or play on from a day of 1944</b><br>"
        "To watch the AI finish your campaign, give it your side: the game plays on as AI "
        "against AI (P pauses it between phases). To try a what-if from a chosen day, start "
        "\"Watch the historical plan\", press P on that day, and take the Allies yourself: "
        "you play on from the plan's position. Give a side back to the plan and it carries "
        "on from today's position, with the plan's orders standing that day and those still to "
        "come.<br><br>"
        "<b>Undo</b><br>"
        "Undo (Ctrl+Z) takes back only your own moves of the phase you are playing. It never "
        "reaches into a phase the AI or the plan played: their orders, like your assaults, "
        "shoots and raids, stand — the dice have been seen.<br><br>"
        "<b>Fog of war</b><br>"
        "With fog of war on, you see what the side you play sees; with both sides yours (hot "
        "seat), the side to move. Hand every side to the AI or the plan and the fog lifts: "
        "you watch with the whole map in view. Take a side back and its fog returns.<br><br>"
        "<b>Saving</b><br>"
        "A save keeps who plays each side (and a change still waiting for its phase); "
        "loading it plays on with them. At the end, the campaign's summary says who played "
        "each side handed over, and from which day.",
        "fr": "<b>Passer la main à l'IA, et la reprendre</b><br>"
        "Le bouton Joueurs (ou H) liste les camps. Pour chacun, choisissez qui donne ses "
        "ordres désormais : vous, l'IA ou — pour un camp que commande le plan historique du "
        "scénario — le plan de 1944. La partie ne recommence pas : elle continue là où elle "
        "en est, avec un seul journal d'ordres, si bien que sauvegardes, rapport après "
        "action et comparaison avec l'histoire voient une seule campagne.<br><br>"
        "<b>Quand le changement prend effet</b><br>"
        "À la phase suivante de ce camp. Une phase commencée est finie par qui l'a "
        "commencée : si vous avez donné un ordre dans cette phase, finissez-la avec Fin du "
        "tour ; si l'IA réfléchit, elle finit d'abord sa phase. Une phase que personne n'a "
        "commencée passe tout de suite au nouveau joueur : confier votre camp à l'IA au "
        "début de votre tour la laisse le jouer aussitôt.<br><br>"
        "<b>Regarder l'IA finir, ou rejouer à partir d'un jour de 1944</b><br>"
        "Pour regarder l'IA finir votre campagne, confiez-lui votre camp : la partie "
        "continue en IA contre IA (P la met en pause entre deux phases). Pour tenter une "
        "autre histoire à partir d'un jour choisi, lancez « Regarder le plan historique », "
        "appuyez sur P ce jour-là et prenez les Alliés vous-même : vous continuez depuis la "
        "position du plan. Rendez un camp au plan et il reprend depuis la position du jour, "
        "avec les ordres du plan en vigueur ce jour-là et ceux encore à venir.<br><br>"
        "<b>Annuler</b><br>"
        "Annuler (Ctrl+Z) ne reprend que vos propres mouvements de la phase que vous jouez. "
        "Il ne remonte jamais dans une phase jouée par l'IA ou le plan : leurs ordres, comme "
        "vos assauts, tirs et raids, sont acquis — les dés ont été vus.<br><br>"
        "<b>Brouillard de guerre</b><br>"
        "Avec le brouillard de guerre, vous voyez ce que voit le camp que vous jouez ; si "
        "vous jouez les deux camps (chacun son tour), celui qui a la main. Confiez tous les "
        "camps à l'IA ou au plan et le brouillard se lève : vous regardez avec toute la carte "
        "sous les yeux. Reprenez un camp et son brouillard revient.<br><br>"
        "<b>Sauvegarder</b><br>"
        "Une sauvegarde garde qui joue chaque camp (et un changement qui attend sa phase) ; "
        "la charger continue avec eux. À la fin, le bilan de la campagne dit qui a joué "
        "chaque camp passé de main en main, et à partir de quel jour.",
    },
    # new game dialog
    "new.title": {"en": "New game", "fr": "Nouvelle partie"},
    "new.side": {"en": "You command", "fr": "Vous commandez"},
    "new.difficulty": {"en": "Difficulty", "fr": "Difficulté"},
    "new.start": {"en": "Start", "fr": "Commencer"},
    "new.hotseat": {"en": "Both sides (hot seat)", "fr": "Les deux camps (chacun son tour)"},
    "new.watch": {"en": "Watch AI against AI", "fr": "Regarder l'IA contre l'IA"},
    "new.watch_history": {"en": "Watch the historical plan",
                          "fr": "Regarder le plan historique"},
    "difficulty.cautious": {"en": "Cautious (easier)", "fr": "Prudente (plus facile)"},
    "difficulty.normal": {"en": "Normal", "fr": "Normale"},
    "difficulty.expert": {"en": "Expert (harder)", "fr": "Experte (plus difficile)"},
    # settings dialog
    "settings.title": {"en": "Settings", "fr": "Réglages"},
    "settings.language": {"en": "Language", "fr": "Langue"},
    "settings.fullscreen": {"en": "Full screen (F11)", "fr": "Plein écran (F11)"},
    "settings.edge_scroll": {"en": "Scroll at screen edges", "fr": "Défiler aux bords"},
    "settings.animate_ai": {"en": "Animate AI moves", "fr": "Animer les coups de l'IA"},
    "settings.sound": {"en": "Sound effects (M)", "fr": "Effets sonores (M)"},
    "settings.apply": {"en": "Apply", "fr": "Appliquer"},
    "settings.save_failed": {
        "en": "Could not save the settings: {error}",
        "fr": "Impossible d'enregistrer les réglages : {error}",
    },
    # header
    "header.turn": {"en": "Turn {turn}/{turns}", "fr": "Tour {turn}/{turns}"},
    "header.to_move": {"en": "{side} to move", "fr": "Aux {side} de jouer"},
    "header.weather": {"en": "Weather: {weather}", "fr": "Météo : {weather}"},
    "header.ai_moving": {"en": "{side} (AI) moving…", "fr": "{side} (IA) en mouvement…"},
    "hotseat.title": {"en": "Hand over", "fr": "Au suivant"},
    "hotseat.body": {"en": "The {side} command now. Pass the mouse.",
                     "fr": "Les {side} prennent le commandement. Passez la souris."},
    "header.paused": {"en": "Paused — P to resume", "fr": "En pause — P pour reprendre"},
    "header.over": {"en": "Campaign over", "fr": "Campagne terminée"},
    "report.open": {"en": "Full report", "fr": "Rapport complet"},
    "report.title": {"en": "The campaign is over", "fr": "La campagne est terminée"},
    "report.points": {
        "en": "Points: objectives {objectives}, prisoners {prisoners}, own losses −{losses}, "
        "civilian losses −{civilians}",
        "fr": "Points : objectifs {objectives}, prisonniers {prisoners}, pertes −{losses}, "
        "pertes civiles −{civilians}",
    },
    "report.objective": {"en": "taken {yours} — in 1944: {history}",
                         "fr": "prise le {yours} — en 1944 : {history}"},
    "report.not_taken": {"en": "not taken ({progress}) — in 1944: {history}",
                         "fr": "pas prise ({progress}) — en 1944 : {history}"},
    "report.tally": {"en": "{lost} killed, wounded or missing; {captured} taken prisoner",
                     "fr": "{lost} tués, blessés ou disparus ; {captured} faits prisonniers"},
    "report.civilians": {"en": "Civilians: {killed} killed, {saved} evacuated under truce",
                         "fr": "Civils : {killed} tués, {saved} évacués sous trêve"},
    "header.ai_thinking": {"en": "{side} (AI) thinking…", "fr": "{side} (IA) réfléchit…"},
    "header.plan_thinking": {"en": "{side} (1944 plan) thinking…",
                             "fr": "{side} (plan de 1944) réfléchit…"},
    "header.plan_moving": {"en": "{side} (1944 plan) moving…",
                           "fr": "{side} (plan de 1944) en mouvement…"},
    # buttons
    "button.end_turn": {"en": "End turn", "fr": "Fin du tour"},
    "button.undo": {"en": "Undo", "fr": "Annuler"},
    "button.save": {"en": "Save", "fr": "Sauver"},
    "button.load": {"en": "Load", "fr": "Charger"},
    "button.menu": {"en": "Menu", "fr": "Menu"},
    "button.help": {"en": "Help", "fr": "Aide"},
    "button.sound_on": {"en": "Sound", "fr": "Son"},
    "button.sound_off": {"en": "Muted", "fr": "Muet"},
    "button.ok": {"en": "OK", "fr": "OK"},
    "button.bombard": {"en": "Bombard", "fr": "Bombarder"},
    "button.air_raid": {"en": "Air raid", "fr": "Raid aérien"},
    "button.truce": {"en": "Evacuation truce", "fr": "Trêve d'évacuation"},
    "overlay.supply": {"en": "Supply", "fr": "Ravitaillement"},
    "overlay.zoc": {"en": "ZOC", "fr": "ZdC"},
    "overlay.forts": {"en": "Forts", "fr": "Ouvrages"},
    "overlay.civilians": {"en": "Civilians", "fr": "Civils"},
    "tip.end_turn": {"en": "End your turn (Space or Enter)",
                     "fr": "Finir le tour (Espace ou Entrée)"},
    "tip.undo": {"en": "Take back the last move (Ctrl+Z); assaults, shoots and raids stand",
                 "fr": "Reprendre le dernier mouvement (Ctrl+Z) ; assauts, tirs et raids "
                 "sont acquis"},
    "tip.save": {"en": "Save the game in a named slot (Ctrl+S)", "fr": "Sauvegarder (Ctrl+S)"},
    "tip.load": {"en": "Load a saved game (Ctrl+L)", "fr": "Charger une partie (Ctrl+L)"},
    "tip.help": {"en": "The rules and every shortcut (F1)",
                 "fr": "Les règles et tous les raccourcis (F1)"},
    "tip.sound": {"en": "Sound effects on or off (M)", "fr": "Effets sonores oui ou non (M)"},
    "tip.menu": {"en": "Back to the main menu", "fr": "Retour au menu principal"},
    "tip.supply": {
        "en": "Supply lines and encircled pockets, traced by the engine (U)",
        "fr": "Lignes de ravitaillement et poches encerclées (U)",
    },
    "tip.zoc": {"en": "Zones of control (Z)", "fr": "Zones de contrôle (Z)"},
    "tip.forts": {"en": "Fortification levels (F)", "fr": "Niveaux de fortification (F)"},
    "tip.civilians": {"en": "Civilian population (C)", "fr": "Population civile (C)"},
    "tip.bombard": {
        "en": "Shell an enemy hex in range with the selected guns (B)",
        "fr": "Bombarder un hexagone ennemi à portée avec l'artillerie choisie (B)",
    },
    "tip.air_raid": {
        "en": "Spend one heavy-bomber raid on an enemy hex; weather decides how much gets through",
        "fr": "Engager un raid de bombardiers lourds sur un hexagone ennemi ; la météo en décide",
    },
    "tip.truce": {
        "en": "Offer a ceasefire so civilians can leave a town: lives saved, time lost",
        "fr": "Proposer un cessez-le-feu pour évacuer les civils : des vies sauvées, "
        "du temps perdu",
    },
    "truce.place": {"en": "Town to evacuate", "fr": "Ville à évacuer"},
    "truce.hours": {"en": "Duration", "fr": "Durée"},
    "truce.none": {
        "en": "No town can be evacuated under a truce right now.",
        "fr": "Aucune ville ne peut être évacuée sous trêve pour l'instant.",
    },
    # panels
    "panel.objectives": {"en": "Objectives", "fr": "Objectifs"},
    "panel.log": {"en": "Events", "fr": "Événements"},
    "panel.nothing_selected": {
        "en": "Click a unit to select it, or a hex to inspect it.",
        "fr": "Cliquez une unité pour la choisir, ou un hexagone pour l'examiner.",
    },
    "panel.fell": {"en": "fell {date}", "fr": "reddition le {date}"},
    "panel.other_dates": {"en": "(other sources: {dates})", "fr": "(autres sources : {dates})"},
    "panel.held": {"en": "held until {date}", "fr": "tenue jusqu'au {date}"},
    "panel.held_war": {"en": "never taken", "fr": "jamais prise"},
    "panel.history": {"en": "History", "fr": "Histoire"},
    "panel.held_by": {"en": "Held by {side}", "fr": "Tenu par : {side}"},
    "panel.simulation": {"en": "Simulation", "fr": "Simulation"},
    "panel.this_game": {"en": "This game", "fr": "Cette partie"},
    "panel.fell_same": {"en": "fell {date} — the same day as in {year}",
                        "fr": "tombée le {date} — le même jour qu'en {year}"},
    "panel.fell_later": {"en": "fell {date} — {n} {days} later than {year}",
                         "fr": "tombée le {date} — {n} {days} plus tard qu'en {year}"},
    "panel.fell_earlier": {"en": "fell {date} — {n} {days} earlier than {year}",
                           "fr": "tombée le {date} — {n} {days} plus tôt qu'en {year}"},
    "panel.fell_held": {"en": "fell {date} — it held out in {year}",
                        "fr": "tombée le {date} — elle a tenu en {year}"},
    "panel.behind": {"en": "still held — already {n} {days} behind {year}",
                     "fr": "tient encore — déjà {n} {days} de retard sur {year}"},
    "panel.day": {"en": "day", "fr": "jour"},
    "panel.days": {"en": "days", "fr": "jours"},
    "unit.strength": {"en": "{men} of {full} men · {quality} · Morale\u00a0{morale}",
                      "fr": "{men} sur {full} hommes · {quality} · Moral\u00a0{morale}"},
    "unit.movement": {"en": "Movement", "fr": "Mouvement"},
    "unit.formation": {"en": "Formation", "fr": "Formation"},
    "unit.pocket": {
        "en": "Encircled {days} d · food {food} d · ammo {ammo} d",
        "fr": "Encerclée {days} j · vivres {food} j · munitions {ammo} j",
    },
    "unit.static": {"en": "Static (cannot move)", "fr": "Statique (immobile)"},
    "unit.dug_in": {"en": "Dug in: fire kills {spared} fewer of its men",
                    "fr": "Retranchée : pertes sous le feu −{spared}"},
    "unit.digging_in": {
        "en": "Digging in ({share} done): fire kills {spared} fewer of its men",
        "fr": "Se retranche ({share} fait) : pertes sous le feu −{spared}",
    },
    "unit.attack_defence": {"en": "Attack {a} · Defence {d}", "fr": "Attaque {a} · Défense {d}"},
    "unit.bombard": {"en": "Bombard {s} at {r} hexes", "fr": "Bombardement {s} à {r} hex"},
    "unit.shoot_tons": {"en": "{tons} a shoot", "fr": "{tons} par tir"},
    "unit.shells": {"en": "Shells: {stock} at {place}", "fr": "Obus : {stock} à {place}"},
    "unit.shells_short": {"en": "Shells: {stock} at {place}: too few to fire",
                          "fr": "Obus : {stock} à {place} : trop peu pour tirer"},
    "unit.shells_empty": {"en": "{place} dump empty: cannot fire",
                          "fr": "Dépôt de {place} vide : pas de tir"},
    "unit.shells_none": {"en": "No dump within reach: cannot fire",
                         "fr": "Aucun dépôt à portée : pas de tir"},
    "unit.laying_lines": {"en": "Laying its lines: fires from {date}",
                          "fr": "Mise en batterie : tire dès le {date}"},
    "unit.armour_moving_up": {"en": "Moving up: its armour counts from {date}",
                              "fr": "En route : ses blindés comptent dès le {date}"},
    "status.out_of_supply": {"en": "Out of supply", "fr": "Non ravitaillée"},
    "status.encircled": {"en": "Encircled", "fr": "Encerclée"},
    "status.suppressed": {"en": "Suppressed", "fr": "Neutralisée"},
    "status.broken": {"en": "Broken", "fr": "En déroute"},
    "hex.terrain": {"en": "Terrain", "fr": "Terrain"},
    "hex.fortification": {"en": "Works", "fr": "Ouvrages"},
    # under fog, works out of sight: the level the side last saw, and when
    "hex.works_last_seen": {"en": "~{level} (last seen {date})", "fr": "~{level} (vus le {date})"},
    "hex.works_known_before": {"en": "~{level} (known before {date})",
                               "fr": "~{level} (connus avant le {date})"},
    "hex.civilians": {"en": "Civilians", "fr": "Civils"},
    "hex.coords": {"en": "Hex {col},{row}", "fr": "Hex {col},{row}"},
    "hex.units": {"en": "{units} here", "fr": "{units} ici"},
    "move.cost": {"en": "{cost} of {left} MP", "fr": "{cost} sur {left} PM"},
    "engine.refused": {"en": "Order refused: {reason}", "fr": "Ordre refusé : {reason}"},
    "refuse.shift_click": {
        "en": "Shift+click adds a friendly stack to the next assault of the selected unit; "
        "it never moves or attacks.",
        "fr": "Maj+clic joint une pile amie au prochain assaut de l'unité choisie ; il ne "
        "déplace ni n'attaque jamais.",
    },
    "refuse.bombard_nothing": {"en": "Select a gun unit first, then B to shell a hex.",
                               "fr": "Choisissez d'abord une unité d'artillerie, puis B."},
    "refuse.bombard_not_guns": {"en": "{unit} has no guns to bombard with: select artillery.",
                                "fr": "{unit} n'a pas de canons pour bombarder : choisissez "
                                "de l'artillerie."},
    "refuse.bombard_no_target": {
        "en": "{unit} sees no enemy within its range ({range} hexes): move the guns closer.",
        "fr": "{unit} ne voit aucun ennemi à sa portée ({range} hexagones) : rapprochez "
        "l'artillerie."},
    "refuse.not_yours": {"en": "{unit} is not yours to command now.",
                         "fr": "{unit} n'est pas sous vos ordres en ce moment."},
    "refuse.no_raids": {"en": "No heavy-bomber raid is left to call in.",
                        "fr": "Plus aucun raid de bombardiers lourds disponible."},
    "refuse.undo_nothing": {"en": "Nothing to take back this turn.",
                            "fr": "Rien à reprendre ce tour-ci."},
    "refuse.undo_not_your_turn": {"en": "Only your own moves, in your own turn, can be taken "
                                  "back.",
                                  "fr": "On ne reprend que ses propres mouvements, pendant "
                                  "son tour."},
    "refuse.undo_stands": {
        "en": "Only moves can be taken back: once the dice are rolled, a raid flown or a truce "
        "asked for, it stands.",
        "fr": "Seuls les mouvements se reprennent : une fois les dés jetés, un raid lancé ou "
        "une trêve demandée, c'est acquis.",
    },
    # the engine's refusals, one per code of `engine.orders.REFUSALS` (worded by
    # game/text/refusals.py: {unit} {side} {weather} are names, {place} a place's name,
    # {at_place} "at Calais" / "à Calais", "au Portel", {hex} a place or "hex 3,4")
    "refusal.hex": {"en": "hex {col},{row}", "fr": "l'hexagone {col},{row}"},
    "refusal.not_an_order": {"en": "{order} is not an order",
                             "fr": "{order} n'est pas un ordre"},
    "refusal.unknown_order": {"en": "unknown order {order}", "fr": "ordre inconnu : {order}"},
    "refusal.campaign_over": {"en": "the campaign is over", "fr": "la campagne est terminée"},
    "refusal.unknown_side": {"en": "there is no side “{side}”",
                             "fr": "il n'y a pas de camp « {side} »"},
    "refusal.wrong_phase": {
        "en": "it is the orders phase of the {side}, not of the {other_side}",
        "fr": "c'est aux {side} de donner leurs ordres, pas aux {other_side}",
    },
    "refusal.no_such_unit": {"en": "the {side} have no unit “{unit}”",
                             "fr": "les {side} n'ont pas d'unité « {unit} »"},
    "refusal.not_on_map": {"en": "{unit} is not on the map",
                           "fr": "{unit} n'est pas sur la carte"},
    "refusal.static_unit": {
        "en": "{unit} is a static unit and cannot move",
        "fr": "{unit} est une unité statique et ne peut pas se déplacer",
    },
    "refusal.attacked_cannot_move": {
        "en": "{unit} has attacked this turn and cannot move",
        "fr": "{unit} a attaqué ce tour-ci et ne peut plus se déplacer",
    },
    "refusal.no_movement_points": {
        "en": "{unit} has no movement points left this turn",
        "fr": "{unit} n'a plus de points de mouvement ce tour-ci",
    },
    "refusal.fortress_order_holds": {
        "en": "the fortress order forbids {unit} to leave its fortified position",
        "fr": "ordre de forteresse : {unit} ne peut pas quitter sa position fortifiée",
    },
    "refusal.off_map": {"en": "hex {col},{row} is off the map",
                        "fr": "l'hexagone {col},{row} est hors de la carte"},
    "refusal.unreachable": {"en": "{unit} cannot reach {hex} this turn",
                            "fr": "{unit} ne peut pas atteindre {hex} ce tour-ci"},
    "refusal.no_attackers": {"en": "an assault needs at least one attacking unit",
                             "fr": "un assaut exige au moins une unité attaquante"},
    "refusal.unit_listed_twice": {"en": "a unit is listed twice",
                                  "fr": "une unité figure deux fois dans l'ordre"},
    "refusal.no_enemy_in_target": {"en": "there is no enemy unit in the target hex",
                                   "fr": "il n'y a aucune unité ennemie dans l'hexagone visé"},
    "refusal.truce_forbids_fighting": {
        "en": "a truce at {place} forbids fighting there today",
        "fr": "une trêve {at_place} y interdit les combats aujourd'hui",
    },
    "refusal.not_own_unit_on_map": {
        "en": "{unit} is not a unit of the {side} on the map",
        "fr": "{unit} n'est pas une unité des {side} présente sur la carte",
    },
    "refusal.already_attacked": {"en": "{unit} has already attacked this turn",
                                 "fr": "{unit} a déjà attaqué ce tour-ci"},
    "refusal.not_adjacent": {"en": "{unit} is not adjacent to the target hex",
                             "fr": "{unit} n'est pas au contact de l'hexagone visé"},
    "refusal.cannot_attack": {"en": "{unit} cannot attack", "fr": "{unit} ne peut pas attaquer"},
    "refusal.cannot_support": {"en": "{unit} cannot fire in support of an assault",
                               "fr": "{unit} ne peut pas appuyer un assaut de ses feux"},
    "refusal.already_fired": {"en": "{unit} has already fired this turn",
                              "fr": "{unit} a déjà tiré ce tour-ci"},
    "refusal.support_out_of_range": {"en": "the target is out of range of {unit}",
                                     "fr": "la cible est hors de portée pour {unit}"},
    "refusal.no_guns": {"en": "{unit} has no guns to bombard with",
                        "fr": "{unit} n'a pas de canons pour bombarder"},
    "refusal.sea_only_battery": {
        "en": "{unit} is a coastal battery that can fire only at sea targets",
        "fr": "{unit} est une batterie côtière qui ne peut tirer que sur des cibles en mer",
    },
    "refusal.out_of_range": {
        "en": "the target is {distance} hexes away; {unit} reaches {range}",
        "fr": "la cible est à {distance} hexagones ; {unit} ne porte qu'à {range}",
    },
    "refusal.truce_forbids_firing": {
        "en": "a truce at {place} forbids firing there today",
        "fr": "une trêve {at_place} y interdit tout tir aujourd'hui",
    },
    "refusal.no_ammunition": {"en": "{unit} has no ammunition left",
                              "fr": "{unit} n'a plus de munitions"},
    "refusal.redeploying": {
        "en": "{unit} is redeploying and can fire again in {days_text}",
        "fr": "{unit} se redéploie et pourra tirer de nouveau dans {days_text}",
    },
    "refusal.no_dump_in_reach": {
        "en": "{unit} has no ammunition dump within reach",
        "fr": "{unit} n'a aucun dépôt de munitions à portée",
    },
    "refusal.ammunition_short": {
        "en": "{unit} needs {tons}\u00a0t of shells; {place} holds {stock}\u00a0t",
        "fr": "{unit} a besoin de {tons}\u00a0t d'obus ; {place} n'en a que {stock}\u00a0t",
    },
    "refusal.no_ammunition_count": {
        "en": "the {side} do not count their shells in this scenario",
        "fr": "les {side} ne comptent pas leurs obus dans ce scénario",
    },
    "refusal.not_a_dump": {
        "en": "{place} is not one of your ammunition dumps",
        "fr": "{place} n'est pas l'un de vos dépôts de munitions",
    },
    "refusal.raid_not_granted_here": {
        "en": "the {side}' heavy bombers were granted for other fortresses",
        "fr": "les bombardiers lourds des {side} ont été accordés pour d'autres forteresses",
    },
    "refusal.no_raid_available": {
        "en": "the {side} have no heavy-bomber raid available today",
        "fr": "les {side} n'ont aucun raid de bombardiers lourds disponible aujourd'hui",
    },
    "refusal.weather_grounds_bombers": {
        "en": "the weather ({weather}) grounds the bombers today",
        "fr": "la météo ({weather}) cloue les bombardiers au sol aujourd'hui",
    },
    "refusal.truce_forbids_bombing": {
        "en": "a truce at {place} forbids bombing there today",
        "fr": "une trêve {at_place} y interdit tout bombardement aujourd'hui",
    },
    "refusal.no_such_place": {"en": "there is no place “{place}”",
                              "fr": "il n'y a pas de lieu « {place} »"},
    "refusal.truce_hours": {"en": "a truce lasts between {min} and {max} hours",
                            "fr": "une trêve dure de {min} à {max} heures"},
    "refusal.no_civilians": {"en": "no civilians are left at {place}",
                             "fr": "il ne reste plus de civils {at_place}"},
    "refusal.truce_already_agreed": {"en": "a truce is already agreed at {place}",
                                     "fr": "une trêve est déjà conclue {at_place}"},
    "refusal.truce_already_held": {"en": "{place} has had its truce already",
                                   "fr": "la trêve {at_place} a déjà eu lieu"},
    "refusal.no_fighting_to_pause": {"en": "there is no fighting at {place} to pause",
                                     "fr": "il n'y a pas de combats à suspendre {at_place}"},
    "refusal.target_at_sea": {"en": "ships at sea cannot be assaulted",
                              "fr": "on ne donne pas l'assaut à des navires en mer"},
    "refusal.truce_not_asked": {"en": "the {side} do not ask for a truce at {place} (scenario)",
                                "fr": "les {side} ne demandent pas de trêve {at_place} "
                                      "(scénario)"},
    "refusal.truce_refused": {"en": "the {side} refuse any truce at {place}",
                              "fr": "les {side} refusent toute trêve {at_place}"},
    # dialogs
    "dialog.error": {"en": "Error", "fr": "Erreur"},
    "dialog.confirm": {"en": "Please confirm", "fr": "Confirmation"},
    "dialog.scenario_error": {
        "en": "The scenario could not be opened",
        "fr": "Le scénario n'a pas pu être ouvert",
    },
    "dialog.scenario_missing": {
        "en": "Scenario file not found: {path}",
        "fr": "Fichier de scénario introuvable : {path}",
    },
    "dialog.quit_game": {
        "en": "Leave this game and go back to the main menu? The last autosave is kept.",
        "fr": "Quitter cette partie pour le menu principal ? La dernière sauvegarde auto "
        "est gardée.",
    },
    "dialog.save_title": {"en": "Save game", "fr": "Sauvegarder"},
    "dialog.save_name": {"en": "Slot name", "fr": "Nom de l'emplacement"},
    "dialog.load_title": {"en": "Load game", "fr": "Charger une partie"},
    "dialog.no_saves": {"en": "No saved games yet.", "fr": "Aucune partie sauvegardée."},
    "dialog.saved": {"en": "Saved as “{name}”.", "fr": "Sauvegardé sous « {name} »."},
    "dialog.bad_save": {
        "en": "This save could not be loaded: {error}",
        "fr": "Cette sauvegarde n'a pas pu être chargée : {error}",
    },
    "dialog.save_failed": {
        "en": "The game could not be saved: {error}",
        "fr": "La partie n'a pas pu être sauvegardée : {error}",
    },
    "dialog.help_title": {"en": "How to play", "fr": "Comment jouer"},
    "dialog.reload_failed": {
        "en": "The scenario file has errors; the game goes on with the version loaded before.",
        "fr": "Le fichier de scénario contient des erreurs ; la partie continue avec la "
        "version chargée auparavant.",
    },
    "log.reloaded": {
        "en": "Scenario reloaded from disk; the game replayed on it.",
        "fr": "Scénario rechargé depuis le disque ; la partie y a été rejouée.",
    },
    "log.reloaded_restart": {
        "en": "Scenario reloaded from disk; the game restarted because an order no longer "
        "fits it ({reason}).",
        "fr": "Scénario rechargé depuis le disque ; la partie recommence car un ordre ne s'y "
        "applique plus ({reason}).",
    },
    # help
    "help.rules_tab": {"en": "Rules", "fr": "Règles"},
    "help.keys_tab": {"en": "Keys and mouse", "fr": "Clavier et souris"},
    "help.rules": {
        "en": "<b>Taking a hex</b><br>"
        "Select a unit next to an enemy stack and click it: the forecast gives the odds, the "
        "chance to beat the defence and the chance to take the hex. A beaten defender falls "
        "back, surrenders or is destroyed; when the hex is empty your units advance into it. "
        "A garrison under the fortress order, in works, never falls back: beaten, it is "
        "overrun and taken where it stands. Shift+click "
        "friendly stacks to add them; guns give support fire. An assault's losses fall on "
        "its leading waves, about two battalions on a hex's front: more men add weight to "
        "the attack, not losses.<br><br>"
        "<b>Works</b><br>"
        "Field works, casemates and forts multiply the defence and stop part of every shoot "
        "(F shows their level). Shelling (B) and heavy-bomber raids wear them down, a little "
        "at a time: prepare an assault before giving it. Shells mostly pin men down; a "
        "heavy-bomber raid squarely on a position also breaks their will to fight on. "
        "Specialised armour makes assaults on works cheaper.<br><br>"
        "<b>Supply</b><br>"
        "Supply is traced from each side's sources along roads and open ground (U shows it). "
        "A pocket cut off lives on its depot stocks of food and ammunition; when they run "
        "out, its units lose men and morale every day. Guns without ammunition cannot fire."
        "<br><br>"
        "<b>Artillery ammunition</b><br>"
        "Where the scenario counts your shells, the end of the Objectives panel lists them: "
        "the railhead, each forward dump, the loads on the road and the coming deliveries. "
        "Lorries carry the day's lift from the railhead to the dumps, which takes days; a gun "
        "fires on the shells of a dump within reach, and a shoot or supporting fire says how "
        "many tons it takes. Click \"build up first\" beside a dump to send it most of the "
        "lorries for a set-piece there. Guns moved far must lay their lines again before they "
        "fire.<br><br>"
        "<b>Weather</b><br>"
        "The day's weather decides how much of a raid's bombs tell (the preview says it when "
        "you pick a target); bad weather grounds the bombers altogether. Raids are granted on "
        "the days history granted them.<br><br>"
        "<b>Truces</b><br>"
        "An evacuation truce takes civilians out of a town for some hours. Nobody may fire "
        "near it meanwhile, so the garrison gains time; but civilians killed by shells and "
        "bombs count against you.<br><br>"
        "<b>Victory</b><br>"
        "Each objective needs its town and every strongpoint it includes — the panel counts "
        "them (\"3 of 7 places taken\") and the map rings them. Only when all are held does "
        "it count as taken. Taken after its date it is worth less each day; prisoners add "
        "points, your own casualties and civilian deaths take points away. The share of the "
        "points you reach gives the result, and the report sets your campaign beside 1944."
        "<br><br>"
        "<b>Fog of war, and what the AI knows</b><br>"
        "With fog of war (on by default when you play) you see enemy units next to yours, "
        "within reach of your patrols and, on flying days, of your reconnaissance aircraft. "
        "Fixed works are known by position, their strength is not (\"?\"); each garrison "
        "you must take shows the strength range your intelligence gave. Works out of sight "
        "show the level you last saw (\"~2.0 (last seen 8 Sep)\"): shells you fire on works "
        "you cannot see leave you guessing until your units or aircraft see them again, "
        "and so does the toll they took of the men there. "
        "The game keeps the "
        "truth: saves and replays hold it. The computer plays by the same rules and the same "
        "orders as you, and under the fog it too sees only what its side sees.",
        "fr": "<b>Prendre un hexagone</b><br>"
        "Choisissez une unité au contact d'une pile ennemie et cliquez sur celle-ci : la "
        "prévision donne le rapport de forces, la chance de battre la défense et celle de "
        "prendre l'hexagone. Un défenseur battu se replie, capitule ou est anéanti ; quand "
        "l'hexagone est vide, vos unités y entrent. Une garnison sous l'ordre de forteresse, "
        "dans ses ouvrages, ne se replie jamais : battue, elle est submergée et prise sur "
        "place. Maj+clic ajoute des piles amies ; "
        "l'artillerie appuie. Les pertes d'un assaut frappent ses premières vagues, environ "
        "deux bataillons sur le front d'un hexagone : plus d'hommes ajoutent du poids à "
        "l'attaque, pas des pertes.<br><br>"
        "<b>Ouvrages</b><br>"
        "Retranchements, casemates et forts multiplient la défense et arrêtent une part de "
        "chaque tir (F montre leur niveau). Les bombardements (B) et les raids de bombardiers "
        "lourds les usent peu à peu : préparez l'assaut avant de le lancer. Les obus clouent "
        "surtout les hommes sur place ; un raid de bombardiers lourds en plein sur une "
        "position brise en outre leur volonté de tenir. Les blindés spécialisés rendent "
        "l'assaut des ouvrages moins coûteux.<br><br>"
        "<b>Ravitaillement</b><br>"
        "Le ravitaillement part des sources de chaque camp, par les routes et le terrain "
        "ouvert (U le montre). Une poche coupée vit sur ses dépôts de vivres et de munitions ; "
        "quand ils sont vides, ses unités perdent des hommes et du moral chaque jour. "
        "L'artillerie sans munitions ne tire plus.<br><br>"
        "<b>Munitions d'artillerie</b><br>"
        "Quand le scénario compte vos obus, la fin du panneau Objectifs les donne : la tête "
        "de ligne, chaque dépôt avancé, les chargements en route et les prochaines "
        "livraisons. Les camions portent chaque jour leur charge de la tête de ligne aux "
        "dépôts, en quelques jours ; une pièce tire sur les obus d'un dépôt à sa portée, et un "
        "tir ou un tir d'appui dit combien de tonnes il consomme. Cliquez « constituer en "
        "priorité » à côté d'un dépôt pour lui envoyer l'essentiel des camions avant un "
        "assaut préparé. L'artillerie déplacée loin doit remettre ses pièces en batterie "
        "avant de tirer.<br><br>"
        "<b>Météo</b><br>"
        "La météo du jour décide de la part des bombes qui portent (l'aperçu le dit quand "
        "vous choisissez la cible) ; le mauvais temps cloue les bombardiers au sol. Les raids "
        "sont accordés aux dates où l'histoire les a accordés.<br><br>"
        "<b>Trêves</b><br>"
        "Une trêve d'évacuation fait sortir les civils d'une ville pendant quelques heures. "
        "Personne ne peut tirer près d'elle pendant ce temps : la garnison gagne du temps ; "
        "mais les civils tués par obus et bombes comptent contre vous.<br><br>"
        "<b>Victoire</b><br>"
        "Chaque objectif demande sa ville et chacun des points d'appui qu'il comprend — le "
        "panneau les compte (« lieux pris : 3 sur 7 ») et la carte les entoure. Il ne compte "
        "comme pris que lorsque tous sont tenus. Pris après sa date, il vaut moins chaque "
        "jour ; les prisonniers ajoutent des points, vos pertes et les civils tués en "
        "retirent. La part des points atteinte donne le résultat, et le rapport compare votre "
        "campagne à 1944.<br><br>"
        "<b>Brouillard de guerre, et ce que sait l'IA</b><br>"
        "Avec le brouillard de guerre (par défaut quand vous jouez), vous voyez les unités "
        "ennemies au contact des vôtres, à portée de vos patrouilles et, les jours où l'on "
        "vole, de vos avions de reconnaissance. Les ouvrages fixes sont connus par leur "
        "position, pas leur force (« ? ») ; chaque garnison à prendre montre la fourchette "
        "donnée par vos renseignements. Les ouvrages hors de vue montrent le niveau vu en "
        "dernier (« ~2.0 (vus le 8 sept.) ») : vos obus sur des ouvrages que vous ne voyez "
        "pas vous laissent dans le doute jusqu'à ce que vos unités ou vos avions les revoient, "
        "tout comme les pertes qu'ils ont causées. "
        "Le jeu garde la vérité : sauvegardes et relectures la "
        "contiennent. L'ordinateur joue selon les mêmes règles et avec les mêmes ordres que "
        "vous, et sous le brouillard il ne voit lui aussi que ce que voit son camp.",
    },
    "help.body": {
        "en": "<b>Map</b><br>"
        "Left click — select a unit / inspect a hex<br>"
        "Left click on a highlighted hex — move there<br>"
        "Left click on an enemy — attack (odds shown on hover)<br>"
        "Shift+click on friendly units — add them to the assault (guns give support)<br>"
        "Drag (left or middle button) — pan the map<br>"
        "Arrow keys or W A S D, screen edges — pan<br>"
        "Mouse wheel, + and − — zoom on the cursor<br>"
        "Home — show the whole map<br>"
        "Tab — next unit that can still act<br>"
        "P — pause / resume the AI (watching AI against AI)<br>"
        "H or Players — who plays each side from now on: you, the AI or the 1944 plan<br>"
        "B — shell a hex with the selected guns<br>"
        "N — each stack's strength in men on the map (the badge counts its units)<br>"
        "Right click or Esc — cancel the targeting or the selection<br><br>"
        "<b>Turn</b><br>"
        "Space or Enter — end the turn<br>"
        "R or Replay — the enemy's last turn again, as your side saw it (a click skips)<br>"
        "Ctrl+Z — take back the last move (assaults, shoots, raids and truces stand)<br>"
        "Ctrl+S — save in a named slot (autosave every turn)<br>"
        "Ctrl+L — load a game<br><br>"
        "<b>Overlays</b><br>"
        "U — supply and encirclement<br>"
        "Z — zones of control<br>"
        "F — fortification levels<br>"
        "C — civilian population<br><br>"
        "<b>Window</b><br>"
        "F11 — full screen on/off<br>"
        "F5 — reload the scenario file (for modders)<br>"
        "F1 — this help<br>"
        "M — sound effects on/off<br>"
        "Esc — close the top window<br>"
        "Menu button — back to the main menu",
        "fr": "<b>Carte</b><br>"
        "Clic gauche — choisir une unité / examiner un hexagone<br>"
        "Clic gauche sur un hexagone en surbrillance — s'y déplacer<br>"
        "Clic gauche sur un ennemi — attaquer (rapport affiché au survol)<br>"
        "Maj+clic sur des unités amies — les joindre à l'assaut (l'artillerie appuie)<br>"
        "Glisser (bouton gauche ou central) — déplacer la carte<br>"
        "Flèches ou W A S D, bords de l'écran — défiler<br>"
        "Molette, + et − — zoomer sur le curseur<br>"
        "Origine — toute la carte<br>"
        "Tab — unité suivante pouvant encore agir<br>"
        "P — pause / reprise de l'IA (IA contre IA)<br>"
        "H ou Joueurs — qui joue chaque camp désormais : vous, l'IA ou le plan de 1944<br>"
        "B — bombarder un hexagone avec l'artillerie choisie<br>"
        "N — l'effectif de chaque pile sur la carte (la pastille compte ses unités)<br>"
        "Clic droit ou Échap — annuler le ciblage ou la sélection<br><br>"
        "<b>Tour</b><br>"
        "Espace ou Entrée — finir le tour<br>"
        "R ou Revoir — le dernier tour ennemi, tel que votre camp l'a vu (un clic "
        "l'interrompt)<br>"
        "Ctrl+Z — reprendre le dernier mouvement (assauts, tirs, raids et trêves sont "
        "acquis)<br>"
        "Ctrl+S — sauvegarder (sauvegarde auto à chaque tour)<br>"
        "Ctrl+L — charger une partie<br><br>"
        "<b>Calques</b><br>"
        "U — ravitaillement et encerclement<br>"
        "Z — zones de contrôle<br>"
        "F — niveaux de fortification<br>"
        "C — population civile<br><br>"
        "<b>Fenêtre</b><br>"
        "F11 — plein écran<br>"
        "F5 — recharger le fichier de scénario (pour les moddeurs)<br>"
        "F1 — cette aide<br>"
        "M — effets sonores oui / non<br>"
        "Échap — fermer la fenêtre du dessus<br>"
        "Bouton Menu — retour au menu principal",
    },
    # map legend words
    "progress.places": {"en": "{held} of {total} places taken",
                        "fr": "lieux pris\u00a0: {held} sur {total}"},
    "progress.place_one": {"en": "{held} of 1 place taken",
                           "fr": "lieu pris\u00a0: {held} sur 1"},
    "progress.taken": {"en": "taken {date}", "fr": "prise le {date}"},
    "progress.ring": {"en": "ring held {held} of {days} days",
                      "fr": "encerclement tenu {held} jours sur {days}"},
    "progress.ring_broken": {"en": "RING BROKEN — held {held} of {days} days",
                             "fr": "ENCERCLEMENT ROMPU — tenu {held} jours sur {days}"},
    "progress.still": {"en": "Still to take: {places}", "fr": "Reste à prendre : {places}"},
    "log.place_of_objective": {
        "en": "{place} taken by the {side}: {held} of the {total} places of the {objective} "
        "objective held by the {holder}.",
        "fr": "{place} prise par les {side} : {held} des {total} lieux de l'objectif "
        "{objective} tenus par les {holder}.",
    },
    "log.starved": {"en": "Without supply: {units}, for {days} ({names}).",
                    "fr": "Sans ravitaillement : {units}, depuis {days} ({names})."},
    "log.filter_all": {"en": "All events", "fr": "Tout"},
    "log.filter_key": {"en": "Key events", "fr": "L'essentiel"},
    "tip.log_filter": {"en": "Show every event, or only the key ones (no moves, supply or "
                       "weather)",
                       "fr": "Tous les événements, ou seulement l'essentiel (ni mouvements, "
                       "ni ravitaillement, ni météo)"},
    "preview.shells": {"en": "Shells: {tons}\u00a0t from {place} (holds {stock}\u00a0t)",
                       "fr": "Obus : {tons}\u00a0t pris à {place} (qui en a {stock}\u00a0t)"},
    "preview.support_shells": {"en": "Supporting fire takes {tons}\u00a0t of shells",
                               "fr": "Le tir d'appui consomme {tons}\u00a0t d'obus"},
    "ammo.title": {"en": "Artillery ammunition", "fr": "Munitions d'artillerie"},
    "ammo.stock": {"en": "{place}: {tons}\u00a0t", "fr": "{place} : {tons}\u00a0t"},
    "ammo.railhead": {"en": "railhead", "fr": "tête de ligne"},
    "ammo.priority": {"en": "being built up first", "fr": "constitué en priorité"},
    "ammo.build_up": {"en": "build up first", "fr": "constituer en priorité"},
    "ammo.road": {"en": "On the road: {loads}", "fr": "En route : {loads}"},
    "ammo.load": {"en": "{tons}\u00a0t to {place} in {days} d",
                  "fr": "{tons}\u00a0t pour {place} dans {days} j"},
    "ammo.next": {"en": "Deliveries: {days}", "fr": "Livraisons : {days}"},
    "ammo.lift": {"en": "Lorries: {tons}\u00a0t a day, {days} on the road",
                  "fr": "Camions : {tons}\u00a0t par jour, {days} de route"},
    "preview.guns": {"en": "Shoot by {unit}: firepower {fire}",
                     "fr": "Tir de {unit} : puissance de feu {fire}"},
    "preview.bombers": {"en": "{bombers} bombers; weather {weather}: {share} of the bombs tell",
                        "fr": "{bombers} bombardiers ; météo {weather} : {share} des bombes "
                        "portent"},
    "preview.works": {"en": "Works: {name} ({level} of {top}) stop {share} of the fire; expected "
                      "after: {after}",
                      "fr": "Ouvrages : {name} ({level} sur {top}), arrêtent {share} du feu ; "
                      "attendus après : {after}"},
    "preview.losses": {"en": "Expected losses: enemy {enemy}, you none · pinned down {pinned}",
                       "fr": "Pertes prévues : ennemi {enemy}, vous aucune · clouage {pinned}"},
    "preview.losses_guessed": {
        "en": "Expected losses: enemy ~{enemy} (if at full strength), you none · pinned "
        "down {pinned}",
        "fr": "Pertes prévues : ennemi ~{enemy} (s'il est au complet), vous aucune · clouage "
        "{pinned}"},
    "preview.morale": {"en": "Morale of the men there: about \u2212{loss}",
                       "fr": "Moral des hommes touchés : environ \u2212{loss}"},
    "preview.morale_raid": {"en": "Morale of the men there: about \u2212{loss} (bombs shake men "
                            "far more than shells do)",
                            "fr": "Moral des hommes touchés : environ \u2212{loss} (les bombes "
                            "ébranlent bien plus que les obus)"},
    "preview.civilians": {"en": "Civilians killed, expected: {killed}",
                          "fr": "Civils tués, en moyenne : {killed}"},
    "preview.stray": {"en": " · {chance} chance some bombs stray",
                      "fr": " · {chance} de risque que des bombes s'égarent"},
    "preview.target": {"en": "In the hex: {units}, {men} men",
                       "fr": "Dans l'hexagone : {units}, {men} hommes"},
    "forecast.group": {"en": "{assaulting} assaulting, {supporting} supporting · Shift+click: "
                       "add",
                       "fr": "{assaulting} à l'assaut, {supporting} en appui · Maj+clic : "
                       "ajouter"},
    "forecast.left_out": {
        "en": "Added but left out: {names} (not next to the target, nor guns able to fire "
        "on it)",
        "fr": "Ajoutées mais laissées de côté : {names} (ni au contact de la cible, ni "
        "artillerie pouvant tirer dessus)"},
    "unit.estimated": {"en": "Strength unknown: its position only is known (fog of war).",
                       "fr": "Effectif inconnu : seule sa position est connue (brouillard de "
                       "guerre)."},
    "fog.garrison": {"en": "Garrison believed: {low}–{high} men",
                     "fr": "Garnison estimée : {low} à {high} hommes"},
    "new.fog": {"en": "Fog of war (see only what your side sees)",
                "fr": "Brouillard de guerre (ne voir que ce que voit votre camp)"},
    "new.scenario": {"en": "Scenario", "fr": "Scénario"},
    "schedule.arrives": {"en": "{date}: {unit} arrives at {place}",
                         "fr": "{date} : arrivée de {unit} à {place}"},
    "schedule.leaves": {"en": "{date}: {unit} leaves the front",
                        "fr": "{date} : départ de {unit}"},
    "summary.quiet": {"en": "nothing seen", "fr": "rien d'observé"},
    "summary.close": {"en": "(a click on the map or Esc closes this)",
                      "fr": "(un clic sur la carte ou Échap ferme ce résumé)"},
    "legend.title": {"en": "Legend", "fr": "Légende"},
    "legend.supply": {"en": "Supply (U): lines = supply routes traced; red edge and tint = "
                      "encircled pocket",
                      "fr": "Ravitaillement (U) : lignes = routes tracées ; bord et voile "
                      "rouges = poche encerclée"},
    "legend.zoc": {"en": "ZOC (Z): hexes tinted in a side's colour = its zone of control",
                   "fr": "ZdC (Z) : hexagones teintés de la couleur d'un camp = sa zone de "
                   "contrôle"},
    "legend.forts": {"en": "Forts (F): brown tint and number = works level (higher holds "
                     "better)",
                     "fr": "Ouvrages (F) : voile brun et chiffre = niveau des ouvrages (plus "
                     "haut, plus solide)"},
    "legend.civilians": {"en": "Civilians (C): purple disc and number = civilians still there",
                         "fr": "Civils (C) : disque violet et chiffre = civils encore présents"},
    "summary.title": {"en": "Turn {turn} — {date}", "fr": "Tour {turn} — {date}"},
    "summary.arrived": {"en": "Arrivals", "fr": "Arrivées"},
    "summary.withdrawn": {"en": "Departures", "fr": "Départs"},
    "summary.enemy": {"en": "What the {side} did", "fr": "Ce qu'ont fait les {side}"},
    "summary.surrendered": {"en": "Surrenders", "fr": "Redditions"},
    "summary.places": {"en": "Places and objectives", "fr": "Lieux et objectifs"},
    "summary.schedule": {"en": "In the next three days", "fr": "Dans les trois jours"},
    "log.paused": {"en": "Paused: the AI waits (P to go on).",
                   "fr": "Pause : l'IA attend (P pour reprendre)."},
    "log.resumed": {"en": "The AI plays on.", "fr": "L'IA reprend."},
    "log.undone": {"en": "Last order taken back.", "fr": "Dernier ordre annulé."},
    "log.loaded": {"en": "Game loaded: {name}.", "fr": "Partie chargée : {name}."},
    "log.history": {"en": "{year}: {text}", "fr": "En {year} : {text}"},
    "summary.replay": {"en": "(R or the Replay button shows it again on the map)",
                       "fr": "(R ou le bouton Revoir le rejoue sur la carte)"},
    "replay.nothing": {"en": "Nothing of the enemy's last turn was seen to replay.",
                       "fr": "Rien du dernier tour ennemi n'a été vu : rien à revoir."},
    "button.replay": {"en": "Replay", "fr": "Revoir"},
    "tip.replay": {"en": "Show the enemy's last turn again, as your side saw it (R)",
                   "fr": "Revoir le dernier tour ennemi, tel que votre camp l'a vu (R)"},
    "tour.title": {"en": "Your first turn — {n} of {total}",
                   "fr": "Premier tour — {n} sur {total}"},
    "tour.select": {
        "en": "Select a unit: click one of your counters (the yellow ring shows one). The panel "
        "on the right gives its men, morale, movement and supply.",
        "fr": "Choisissez une unité : cliquez sur l'un de vos pions (l'anneau jaune en montre "
        "un). Le panneau de droite donne ses hommes, son moral, son mouvement et son "
        "ravitaillement."},
    "tour.move": {
        "en": "Move: the shaded hexes are within reach. Hover one to see the path and its cost, "
        "click to go there. Ctrl+Z takes a move back (fights, shoots and raids stand).",
        "fr": "Déplacez-la : les hexagones teintés sont à portée. Survolez-en un pour voir le "
        "chemin et son coût, cliquez pour y aller. Ctrl+Z reprend un mouvement (combats, "
        "tirs et raids sont acquis)."},
    "tour.supply": {
        "en": "See supply: press U or the Supply button. Lines trace each unit back to its "
        "supply; a red edge marks an encircled pocket, whose men weaken day after day.",
        "fr": "Voyez le ravitaillement : touche U ou bouton Ravitaillement. Les lignes relient "
        "chaque unité à sa source ; un bord rouge marque une poche encerclée, qui s'affaiblit "
        "jour après jour."},
    "tour.assault": {
        "en": "Preview an assault: with a unit selected, hover an enemy counter. The box gives "
        "the odds, the chance to win and to take the hex, and the losses to expect — or why "
        "no assault is possible. B (guns) and Air raid show their previews too.",
        "fr": "Prévoyez un assaut : une unité choisie, survolez un pion ennemi. L'encadré donne "
        "le rapport de forces, les chances de vaincre et de prendre l'hexagone, les pertes "
        "attendues — ou pourquoi l'assaut est impossible. B (artillerie) et Raid aérien ont "
        "aussi leur aperçu."},
    "tour.end_turn": {
        "en": "End the turn: when your orders are given, press End turn (or Space). The enemy "
        "then moves; the summary tells what it was seen doing, and R replays it.",
        "fr": "Finissez le tour : vos ordres donnés, appuyez sur Fin du tour (ou Espace). "
        "L'ennemi joue ensuite ; le résumé dit ce qu'on l'a vu faire, et R le rejoue."},
    "tour.next": {"en": "Next", "fr": "Suivant"},
    "tour.finish": {"en": "Finish", "fr": "Terminer"},
    "tour.close": {"en": "End the tour", "fr": "Finir la visite"},
    "tour.again": {"en": "Guided first turn", "fr": "Premier tour guidé"},
    "fog.unseen_guns": {"en": "An unseen enemy battery", "fr": "Une batterie ennemie invisible"},
}

_MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
}
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}


def tr(key: str, lang: str, **values: object) -> str:
    """The interface string `key` in `lang`, with `{name}` fields filled from `values`."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def long_date(date: dt.date, lang: str) -> str:
    """'Sunday 17 September 1944' / 'dimanche 17 septembre 1944'."""
    from engine.history.timeline import format_date  # the timeline (and the scenario models)
    # load with the game, not before the menu's first frame

    lang = lang if lang in _WEEKDAYS else "en"
    return f"{_WEEKDAYS[lang][date.weekday()]} {format_date(date, lang)}"


def short_date(date: dt.date, lang: str, year: bool = True) -> str:
    """'17 Sep 1944' / '17 sept. 1944' (or without the year)."""
    lang = lang if lang in _MONTHS_SHORT else "en"
    text = f"{date.day} {_MONTHS_SHORT[lang][date.month - 1]}"
    return f"{text} {date.year}" if year else text
