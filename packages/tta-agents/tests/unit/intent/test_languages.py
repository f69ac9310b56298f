"""Commands in the languages of the resource locales, or mixed into English, are read as the
English the worlds know; English lines are never rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tta_agents import IntentKind, world
from tta_agents.intent import languages
from tta_agents.intent.languages import in_english
from tta_agents.intent.understand import understand
from tta_agents.intent.vocabulary import VERBS
from tta_agents.testing import scene_at

K = IntentKind


scene = scene_at


COTTAGE = ("anxiety_sanctuary", "keepers_cottage")
GARDEN = ("anxiety_sanctuary", "herb_garden")
EDGE = ("trauma_healing", "forest_edge")
SHED = ("mindfulness_garden", "potting_shed")


@pytest.mark.parametrize(
    ("text", "where", "kind", "field", "value"),
    [
        ("vámonos hacia el norte", COTTAGE, K.MOVE, "direction", "north"),
        ("allons vers l'ouest", COTTAGE, K.MOVE, "direction", "west"),
        ("geh nach Süden", COTTAGE, K.MOVE, "direction", "south"),
        ("punta ako sa timog", COTTAGE, K.MOVE, "direction", "south"),
        ("uttar ki taraf chalo", COTTAGE, K.MOVE, "direction", "north"),
        # a way said alone, with no verb, or with the place it leads to after it
        ("nach Norden", COTTAGE, K.MOVE, "direction", "north"),
        ("au nord", COTTAGE, K.MOVE, "direction", "north"),
        ("sa kanluran", COTTAGE, K.MOVE, "direction", "west"),
        ("Richtung Westen gehen", COTTAGE, K.MOVE, "direction", "west"),
        ("para o norte, pro jardim", COTTAGE, K.MOVE, "direction", "north"),
        ("nach Westen zum Kräutergarten", COTTAGE, K.MOVE, "direction", "west"),
        ("pasok tayo sa hardin", COTTAGE, K.MOVE, "direction", "west"),
        ("cottage se pashchim ki taraf chalo", COTTAGE, K.MOVE, "direction", "west"),
        ("kunin mo yung worry jar", COTTAGE, K.TAKE, "target", "the worry jar"),
        ("nimm die Decke", GARDEN, K.TAKE, "target", "a wool blanket"),
        ("prends le châle s'il te plaît", EDGE, K.TAKE, "target", "a warm shawl"),
        ("mira las notecards", COTTAGE, K.EXAMINE, "target", "a stack of notecards"),
        ("worry jar ko dekho", COTTAGE, K.EXAMINE, "target", "the worry jar"),
        ("habla con Maren", COTTAGE, K.TALK, "target", "maren the lighthouse keeper"),
        ("take the blanket bitte", GARDEN, K.TAKE, "target", "a wool blanket"),
        # "ß" is "ss" (it was dropped, splitting the word: "gie kanne")
        ("nimm die Gießkanne", SHED, K.TAKE, "target", "a copper watering can"),
        ("kausapin si maren", COTTAGE, K.TALK, "target", "maren the lighthouse keeper"),
        # going on, going back, going up and down, in each language's own verbs
        ("sigo al norte hacia la escalera", COTTAGE, K.MOVE, "direction", "north"),
        ("je continue vers le jardin", COTTAGE, K.MOVE, "direction", "west"),
        ("bumalik tayo sa cottage", GARDEN, K.MOVE, "direction", "east"),
        ("mujhe uttar ki taraf jaana hai", COTTAGE, K.MOVE, "direction", "north"),
    ],
)
def test_a_command_in_another_language_is_read_as_meant(
    text: str, where: tuple[str, str], kind: IntentKind, field: str, value: str
) -> None:
    intent = understand(text, scene(*where))
    assert intent.kind is kind
    assert getattr(intent, field) == value


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("salidas", K.EXITS),
        ("carte", K.MAP),
        ("ayuda", K.HELP),
        ("je ne sais pas quoi faire", K.HINT),
        ("chalo worry time karte hain", K.EXERCISE),
        ("je me sens en sécurité ici", K.REFLECT),
        ("estoy enojada con todo", K.REFLECT),
        ("main sab pe bahut gussa hoon aaj", K.REFLECT),
        ("I spilled my tea y todos me miraron, qué vergüenza", K.REFLECT),
        ("kurz durchatmen, bevor ich reingehe", K.EXERCISE),
        ("zeig mir die Karte vom Garten", K.MAP),
        # the player's own doing, in the first person
        ("Ich schaue mir die Boote an", K.EXAMINE),
        ("je ramasse le galet", K.TAKE),
        ("ich höre jetzt auf, tschüss", K.QUIT),
        ("quais lugares eu já conheço?", K.MAP),
        ("Ano ang mga dala-dala ko ngayon?", K.INVENTORY),
        ("cómo funciona esto?", K.HELP),  # "como" asks how; it does not eat
        # asked anywhere in the line
        ("give me a pista, no sé qué hacer", K.HINT),
        ("un indice? je sais pas à qui parler", K.HINT),
        ("saan-saan pwede pumunta mula dito?", K.EXITS),
        ("ruko ruko, mujhe break chahiye", K.PAUSE),
        ("Hilfe, wie spielt man das überhaupt?", K.HELP),
        ("was gibt es hier alles?", K.LOOK),
        ("adiós, me salgo del juego", K.QUIT),
        ("sauvegarder", K.SAVE),
        ("deshacer", K.UNDO),
        ("tigil muna", K.PAUSE),
        ("merci beaucoup, c'est beau ici", K.CHAT),
        ("je me sens tellement coupable", K.REFLECT),
        ("estoy muy nerviosa hoy", K.REFLECT),
        ("natatakot ako", K.REFLECT),
        ("descansar un poco", K.REST),
        ("wo bin ich hier?", K.LOOK),
        # "here" ends these questions; it is no courtesy to drop
        ("was ist hier?", K.LOOK),
        ("qu'est-ce qu'il y a ici ?", K.LOOK),
        ("o que tem aqui?", K.LOOK),
        ("¿qué puedo hacer aquí?", K.HINT),
        ("was habe ich", K.INVENTORY),
        ("comment ça marche ?", K.HELP),
        ("¿por dónde salgo?", K.EXITS),
        ("oler el romero", K.EXAMINE),
        ("allume la lanterne", K.USE),
        ("die Decke anfassen", K.EXAMINE),
        ("basahin mo ang notecards", K.EXAMINE),
        ("regar las plantas", K.USE),
        ("ich bin jetzt endlich entspannt", K.REFLECT),
        ("me siento mucho mejor", K.REFLECT),
        ("a quoi bon, franchement", K.REFLECT),
        ("alle starren mich an", K.REFLECT),
        # a courtesy or an "again" around an English command is dropped
        ("look around otra vez", K.LOOK),
        ("was kann ich tun, genau jetzt", K.HINT),
        ("¿qué hay por aquí?", K.LOOK),
        ("das Spiel speichern", K.SAVE),
        ("pausa", K.PAUSE),
        ("gib mir einen Tipp", K.HINT),
        ("die Notizkarten hier ablegen", K.DROP),
        ("hawakan ko ang worry jar", K.EXAMINE),
        # breathing, a goodbye, what to do now, what I carry, asking about something
        ("lass uns kurz am Fenster atmen", K.EXERCISE),
        ("huminga tayo nang sabay", K.EXERCISE),
        ("on respire ensemble ?", K.EXERCISE),
        ("bueno, hasta mañana", K.QUIT),
        ("ok tschüss, bis morgen", K.QUIT),
        ("sige, paalam na", K.QUIT),
        ("was soll ich tun?", K.HINT),
        ("o que devo fazer agora?", K.HINT),
        ("qu'est-ce que j'ai sur moi maintenant ?", K.INVENTORY),
        ("frag Maren nach dem Glas", K.TALK),
        ("demande à Maren à propos du phare", K.TALK),
        # a French or German verb said of oneself; going back; sitting somewhere
        ("je touche la fenêtre", K.EXAMINE),
        ("ich höre dem Feuer zu", K.EXAMINE),
        ("ich beobachte das Feuer", K.EXAMINE),
        ("zurück", K.MOVE),
        ("volver atrás", K.MOVE),
        ("bumalik", K.MOVE),
        ("me siento en la silla", K.REST),
        ("eu sento na cadeira", K.REST),
        ("je m'assois près du feu", K.REST),
        ("me siento en paz aquí", K.REFLECT),
        ("no tengo energía", K.REFLECT),
        ("wala akong gana ngayon", K.REFLECT),
        ("mein Kopf hört nicht auf", K.REFLECT),
        ("dimaag ruk hi nahi raha", K.REFLECT),
        # Hindi said of oneself ("dekh raha hoon"), lying down
        ("khidki ko dekh raha hoon", K.EXAMINE),
        ("hihiga lang ako", K.REST),
        ("ich lege mich hin", K.REST),
        ("tô cansada hoje", K.REFLECT),
        ("eu tô meio sozinha", K.REFLECT),
        ("bas, ab band karta hoon", K.QUIT),
        ("stove ki khushboo soonghni hai", K.EXAMINE),
        ("yahan thodi der baithna hai", K.REST),
        ("Wohin führen die Wege?", K.EXITS),
        ("ich atme mit dem Licht", K.EXERCISE),
        ("Was trag ich gerade bei mir?", K.INVENTORY),
        ("tengo el corazón a mil", K.REFLECT),
        ("das Feuer betrachten", K.EXAMINE),
        ("die Notizkarten hier abstellen", K.DROP),
        ("escribir mi preocupación en las tarjetas", K.USE),
        ("quiero ver el fuego de cerca", K.EXAMINE),
        ("Ich stelle mir vor, wie die Sonne aufgeht", K.EXERCISE),
        ("ano ang susunod kong gagawin?", K.HINT),
    ],
)
def test_requests_and_feelings_in_other_languages(text: str, kind: IntentKind) -> None:
    assert understand(text, scene(*COTTAGE)).kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "no sé qué hacer con mi vida",
        "what if the ferry never comes back, ano gagawin ko?",
    ],
)
def test_a_line_about_a_life_or_a_worry_asks_the_game_no_hint(text: str) -> None:
    assert understand(text, scene(*COTTAGE)).kind is not K.HINT


@pytest.mark.parametrize(
    "text",
    [
        "go to the bank",
        "pose for the picture",
        "look at the sea",
        "the tea is nice",
        "take everything",
        "i feel sad",
        "ok",
        "nadi",  # a single word that is only a noun stays as typed
        "i feel pain in my chest",  # words of both languages stay English inside English
        "put the pan on the stove",
    ],
)
def test_english_lines_are_left_as_typed(text: str) -> None:
    assert in_english(text) == text


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("examine el faro", K.EXAMINE, "lighthouse"),
        ("walk to the faro", K.MOVE, "lighthouse"),
        ("look at l'eau", K.EXAMINE, "water"),
    ],
)
def test_a_thing_named_in_another_language_inside_an_english_command(
    text: str, kind: IntentKind, target: str
) -> None:
    intent = understand(text, scene("anxiety_sanctuary", "jetty"))
    assert (intent.kind, intent.target) == (kind, target)


def _world_names(node: object) -> set[str]:
    """Every name a world file gives a thing (scenery names, aliases, item and place names)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"names", "aliases"} and isinstance(value, list):
                found |= {str(v).lower() for v in value}
            elif key in {"name", "title"} and isinstance(value, str):
                found.add(value.lower())
            found |= _world_names(value)
    elif isinstance(node, list):
        for value in node:
            found |= _world_names(value)
    return found


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("qui a rangé tous ces bocaux ?", K.QUIT),  # "qui" is not "quit" cut off
        ("ich bin heute so froh", K.DROP),  # "ich" is not a typo of "ditch"
        ("ich glaube, das Meer ist ruhig", K.DROP),
        ("lire le carnet tranquillement", K.REST),  # "lire" is not "lie"
    ],
)
def test_a_word_of_another_language_is_never_taken_for_an_english_typo(
    text: str, never: IntentKind
) -> None:
    assert understand(text, scene(*COTTAGE)).kind is not never


def test_the_own_words_of_other_languages_are_no_english_command_words() -> None:
    data = yaml.safe_load((Path(languages.__file__).parent / "data/languages.yaml").read_text())
    assert not set(data["own_words"]) & set(VERBS)
    assert len(data["own_words"]) == len(set(data["own_words"]))


def test_every_noun_names_a_thing_of_the_shipped_worlds_and_each_word_one_thing() -> None:
    data = Path(languages.__file__).parent / "data"
    nouns = yaml.safe_load((data / "nouns.yaml").read_text(encoding="utf-8"))["nouns"]
    names = {"everything"}  # "coge todo": what taking everything acts on
    for path in (Path(world.__file__).parent / "data").glob("*.yaml"):
        names |= _world_names(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert sorted(set(nouns) - names) == []
    words = [word for said in nouns.values() for word in said]
    assert sorted(w for w in set(words) if words.count(w) > 1) == []
