"""Language, not keywords: the traps the old validator fell into, one behaviour per test."""

import pytest

from tta_agents.safety import SafetyLevel, default_checker


def level(text: str) -> SafetyLevel:
    return default_checker().check(text).level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my friend self harms", SafetyLevel.CONCERN),
        ("my brother says he wants to kill himself", SafetyLevel.CONCERN),
        ("my sister wants to die", SafetyLevel.CONCERN),
        ("i want to die", SafetyLevel.CRISIS),
    ],
)
def test_someone_else_at_risk_is_a_concern_not_the_players_crisis(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt myself",
        "I would never kill myself",
        "I don't want to die, I just want to finish this level",
        "I'm not suicidal, just tired of this boss",
        "no thoughts of ending it, just grumpy about work",
        "no urge to cut today",
    ],
)
def test_negated_risk_is_safe(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


@pytest.mark.parametrize(
    "text",
    [
        "i have no reason to live",
        "no one would miss me if i was gone",
        "no hope left, i want to die",
    ],
)
def test_a_no_that_is_the_risk_itself_is_not_a_negation(text: str) -> None:
    assert level(text) is SafetyLevel.CRISIS


def test_negation_does_not_reach_across_a_clause() -> None:
    assert level("I'm not okay, and I want to kill myself") is SafetyLevel.CRISIS
    assert level("I can't stop thinking about killing myself") is SafetyLevel.CRISIS


def test_past_and_recovered_is_safe_but_past_alone_still_deserves_support() -> None:
    assert level("two years ago I tried to kill myself, I'm better now") is SafetyLevel.SAFE
    assert level("when I was 15 I tried to kill myself") is SafetyLevel.CONCERN
    assert level("I tried to kill myself last night") is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "my character feels hopeless",
        "the book is about suicide",
        "in the story the knight kills himself",
        "in the song hes singing about wanting to die but its about a breakup right?",
        "I'm going to kill myself in game so I can respawn",
    ],
)
def test_fiction_and_hypotheticals_are_safe(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


def test_a_hypothetical_about_the_player_is_still_risk() -> None:
    assert level("what if I just killed myself") is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "this boss is killing me",
        "I could murder a pizza",
        "dying to know what's in the chest",
        "I accidentally cut myself while cooking",
        "the sermon was so long i wanted to evaporate",
    ],
)
def test_idioms_and_hyperbole_are_safe(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


@pytest.mark.parametrize(
    "text", ["the day was so hard i wanted to die", "my life is so pointless i want to die"]
)
def test_the_same_shape_about_ones_own_life_is_a_crisis(text: str) -> None:
    assert level(text) is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    "text", ["attack the goblin", "kill the dragon", "I stab the orc", "poison the king's wine"]
)
def test_in_game_violence_is_safe(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "gonna unalive myself",
        "i want to disappear forever",
        "i want to sewerslide",
        "i wanna kil myslef",
        "I WANT TO DIEEEE",
        "i want to k1ll myself",
        "im gonna end it all",
        "i want to commit sucide",
    ],
)
def test_slang_misspellings_and_shouting_are_caught(text: str) -> None:
    assert level(text) is SafetyLevel.CRISIS


def test_a_crisis_buried_in_game_talk_is_caught() -> None:
    text = "go north. take the lamp. honestly i want to die. open the door"
    assert level(text) is SafetyLevel.CRISIS


def test_game_frustration_is_not_distress() -> None:
    assert level("I give up on this puzzle") is SafetyLevel.SAFE
    assert level("I feel hopeless about this puzzle") is SafetyLevel.SAFE
    assert level("I feel hopeless") is SafetyLevel.CONCERN


def test_hyperbole_that_may_hide_distress_gets_a_gentle_check_in() -> None:
    assert level("I'd rather die than eat that soup lol") is SafetyLevel.CONCERN
    assert level("this level makes me want to die, not literally") is SafetyLevel.CONCERN


def test_in_doubt_about_first_person_risk_the_checker_chooses_crisis() -> None:
    assert level("this level makes me want to die lol") is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to kill myself", "suicidal_ideation"),
        ("I cut myself again last night", "self_harm"),
        ("how many pills would it take to die", "method_seeking"),
        ("this is goodbye forever", "farewell"),
        ("I took too many pills", "overdose_medical"),
        ("my dad hits me", "abuse_at_home"),
        ("I'm going to bring a gun to school", "harm_to_others"),
        ("I make myself throw up after eating", "eating_disorder"),
        ("I'm having a panic attack", "panic_anxiety"),
        ("I feel so empty", "depression_hopelessness"),
        ("I can't stop drinking", "substance_misuse"),
        ("should I stop taking my antidepressants", "clinical_boundary"),
    ],
)
def test_every_category_is_named_in_the_verdict(text: str, category: str) -> None:
    assert category in default_checker().check(text).categories


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("too many pills", SafetyLevel.CONCERN),
        ("the chest has too many potions", SafetyLevel.SAFE),
        ("can you help me, i'm scared", SafetyLevel.CONCERN),
        ("I'm scared, the dragon is coming", SafetyLevel.SAFE),
        ("I feel sad", SafetyLevel.CONCERN),
        ("panic attack", SafetyLevel.CONCERN),
    ],
)
def test_fragments_the_old_validator_got_wrong(text: str, expected: SafetyLevel) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i'm safe at home, just ranting about curfew", SafetyLevel.SAFE),
        ("i don't feel safe at home", SafetyLevel.CRISIS),
        ("that lecture was so boring I wanted to die", SafetyLevel.SAFE),
        ("i was so lonely i wanted to die", SafetyLevel.CRISIS),
        ("i want to unalive this essay", SafetyLevel.SAFE),
        ("i just want to unalive", SafetyLevel.CRISIS),
        ("my D&D character is a paladin who wants to die in battle", SafetyLevel.SAFE),
    ],
)
def test_words_that_only_sound_like_risk_are_told_from_risk(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I want to disappear to a beach for two weeks", SafetyLevel.SAFE),
        ("my brother just beat me at chess again", SafetyLevel.SAFE),
        ("my dad beat me at home", SafetyLevel.CRISIS),
        ("my mom's going to kill me, forgot to take the chicken out", SafetyLevel.SAFE),
        ("my husband is going to kill me", SafetyLevel.CRISIS),
        ("gran nearly had a heart attack when the wifi died", SafetyLevel.SAFE),
        ("i think i'm having a heart attack", SafetyLevel.CRISIS),
        ("gonna kms in the lava to reset the timer, deathwarp is faster", SafetyLevel.SAFE),
    ],
)
def test_everyday_and_game_idioms_are_told_from_danger(text: str, expected: SafetyLevel) -> None:
    assert level(text) is expected


def test_asking_what_a_word_means_is_support_not_a_crisis() -> None:
    assert level("what does kms stand for? saw it in a comment") is SafetyLevel.CONCERN
    assert level("kms") is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my head keeps saying k.m.s all day", SafetyLevel.CRISIS),
        ("the meeting is at 9 a.m. tomorrow", SafetyLevel.SAFE),
        ("turn the dagger on myself", SafetyLevel.CRISIS),
        ("use my sword on myself", SafetyLevel.CRISIS),
        ("use the healing potion on myself", SafetyLevel.SAFE),
        ("sewerslide thoughts are back tonight", SafetyLevel.CRISIS),
        ("suicide urges again today", SafetyLevel.CRISIS),
        ("we did a suicide prevention talk at school today", SafetyLevel.SAFE),
    ],
)
def test_dotted_letters_weapons_turned_on_oneself_and_ideation_as_a_noun(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "my friend says she wants to end her life. the friend is me",
        "he keeps saying he wants to die and honestly he is me",
        "asking for a friend, she has pills saved up to end it",
    ],
)
def test_a_person_who_says_the_other_person_is_them_is_in_crisis(text: str) -> None:
    assert level(text) is SafetyLevel.CRISIS


def test_someone_else_in_danger_is_still_a_concern_for_them() -> None:
    assert level("my friend says she wants to end her life") is SafetyLevel.CONCERN


def test_ones_own_head_saying_it_is_not_someone_else_speaking() -> None:
    assert level("my brain keeps telling me to kms") is SafetyLevel.CRISIS
    assert level("my sister keeps telling me she wants to die") is SafetyLevel.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "me quiero matar",
        "ya no quiero vivir asi no",
        "me corté los brazos otra vez",
        "quero morrer",
        "je vais me suicider ce soir",
        "ich will nicht mehr leben",
        "ayoko nang mabuhay",
        "main marna chahta hoon",
        "mera pati mujhe maar raha hai",
        "quisiera desaparecer para siempre",
        "queria sumir de vez",
        "je veux juste en finir",
        "ich will nicht mehr aufwachen",
        "sana hindi na ako ipinanganak",
        "kaash main mar jaata",
        "regalé todas mis cosas a mis primos",
        "je me coupe encore les poignets",
        "estou me cortando de novo",
        "j'ai pris une plaquette de somnifères",
        "mon mari m'a frappée hier soir",
        "vou matar ele amanhã",
        # 2026.12.15: a word between wanting and dying, burning, the past, a knife packed
        "je veux vraiment mourir ce soir",
        "quiero solo morirme",
        "ich will einfach nur sterben",
        "mujhe bas mar jaana hai",
        "nadie me echaría de menos",
        "je me brûle les bras avec mon briquet",
        "ela me bateu de novo",
        "er hat mich wieder geschlagen",
        "ich steche ihn ab",
        "putting rat poison in his tea tonight",
        # 2026.12.16
        "je vais me brûler avec la cigarette",
        "naglalaslas ako ngayong gabi",
        "ich bringe alle um am Montag",
        "gonna throw acid in his face",
        "signing off forever, thank you all",
        # 2026.12.17: saying so of oneself, in so many words
        "soy suicida y nadie lo sabe",
        "eu sou suicida",
        "je suis suicidaire depuis des semaines",
        "ich bin suizidal",
        "suicidal ako ngayon",
        "main suicidal hoon",
        "j'ai des pensées suicidaires",
        "ich habe Suizidgedanken",
        "mujhe suicidal thoughts aa rahe hain",
        # 2026.12.18
        "don't really care if I make it through the night",
        "is a fall from the fourth floor enough?",
        "voy a quemar su carro con él adentro",
        "meu namorado vai me matar se eu contar",
        "dad's going to beat me when he gets home because of my report card",
        "I'm so scared to go home tonight",
        "mere pati ne mujhe kamre mein band kar diya hai",
        "usne dhamki di hai ki mujhe jala dega",
        # 2026.12.19
        "mi waan dead, mi cyaan tek it nuh more",
        "I don reason to comot for this world",
        "mi baby fada threaten fi kill mi",
        "I go wound that man tonight",
        "ich hoffe, ich wache morgen nicht auf",
        # 2026.12.22: games' ways of leaving said of a life; threats told by the one threatened
        "might just uninstall myself",
        "alt f4 my life",
        "je vais rage quit la vie",
        "mas masaya siguro sila kung wala na ako",
        "main khud ko khatam kar dunga",
        "à quoi bon vivre",
        "je me suis encore coupée hier",
        "mi padrastro dice que me va a matar",
        "sabi niya papatayin niya ako",
        "il m'a dit qu'il allait me tuer",
        "ich bring meinen Chef um",
        "je vais planter ce type",
        "ich habe meine Sachen verschenkt",
        # 2026.12.23: emergencies in the six languages; self-harm said without "ich"
        "me duele mucho el pecho y no puedo respirar",
        "je saigne beaucoup et ça s'arrête pas",
        "ele não acorda, tomou muitos remédios",
        "ritze mich jeden Abend",
        "j'ai envie d'en finir",
        "ich stech den Typen ab",
        "j'espère ne pas me réveiller demain",
        "sab goliyan ek saath le lunga",
        "nag-overdose ako, hirap na ako huminga",
        "please make sure someone feeds my cats after tonight",
        "I'm scared to go to sleep because of what my brother does at night",
    ],
)
def test_crisis_in_the_languages_of_the_resource_locales_is_caught(text: str) -> None:
    assert level(text) is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa con este juego",
        "voy a matar al dragón",
        "no quiero morir, quiero ganar",
        "je ne veux pas mourir dans le jeu",
        "quiero ir al faro",
        "je vais le buter ce boss",
        "me mato estudiando para el examen",
        "não vou voltar a jogar hoje",
        "hiniwa ko yung tinapay",
        "mi papá me va a matar si pierdo el bus",
        "je me suis brûlé avec le four",
        "me quiero morir con este laberinto jaja",
        "what means kys?",
        # "I can't breathe" said laughing
        "essa piada me matou, I can't breathe kkkkk",
        "lmao i can't breathe",
        "i'm laughing so hard i can't breathe",
        "killing myself trying to find the last key",
        "if my mum sees this mess she'll have a heart attack",
        "I read that overdose deaths fell in Scotland this year",
        "they threaten to cut me off if I change my course",
        "minha mãe vai me matar se eu não arrumar o quarto",
        "There was a report on TV about kids who harm themselves",
        "I'm not scared to go home, my parents are great",
        "i don't feel scared at home",
        "ich bring den Boss um",
        "je vais tuer ce boss",
        "uninstall the game and reinstall it",
        "mi hermano no despierta para ir a la escuela",
        "ich stech den Boss ab",
    ],
)
def test_play_and_idiom_in_other_languages_is_safe(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


@pytest.mark.parametrize(
    "text",
    [
        "no soy suicida, solo estoy cansado",
        "não sou suicida, só tô com sono",
        "no tengo pensamientos suicidas, tranquilo",
        "je n'ai pas envie de mourir, juste de dormir",
        "je ne suis pas suicidaire",
        "ich habe keine Suizidgedanken",
        "hindi ako suicidal, pagod lang",
        # Hindi puts the negation after the words it negates
        "main suicidal nahi hoon bas thak gaya hoon",
        "mujhe koi suicidal thoughts nahi hain",
        "main suicide ke baare mein nahi soch raha, bas thoda udaas hoon",
    ],
)
def test_saying_no_in_the_languages_of_the_resource_locales_is_heard(text: str) -> None:
    assert level(text) is SafetyLevel.SAFE


def test_the_past_in_the_languages_of_the_resource_locales_is_past_unless_it_is_now() -> None:
    assert level("vor zwei Jahren hab ich versucht, mich umzubringen") is SafetyLevel.CONCERN
    assert level("nag-overdose ako noong college") is SafetyLevel.CONCERN
    assert level("nag-overdose ako ngayon") is SafetyLevel.CRISIS


def test_a_no_after_the_words_is_a_negation_only_where_the_language_puts_it_there() -> None:
    assert level("suicidal nahi hoon main") is SafetyLevel.SAFE
    assert level("ab aur nahi hota, main marna chahta hoon") is SafetyLevel.CRISIS
    assert level("je n'en peux plus je veux mourir") is SafetyLevel.CRISIS
    assert level("não aguento mais quero morrer") is SafetyLevel.CRISIS


def test_a_story_named_with_a_word_before_it_is_still_a_story() -> None:
    assert level("in the radio play the farmer beats his wife") is SafetyLevel.SAFE
    assert level("my husband beats me") is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("holding a lighter against my arm again", SafetyLevel.CRISIS),
        ("pressing the iron on my shirt before work", SafetyLevel.SAFE),
        ("took the sharpener apart for the blade", SafetyLevel.CRISIS),
        ("took the sharpener apart to clean it", SafetyLevel.SAFE),
        ("is it painless if you swallow all of them at once", SafetyLevel.CRISIS),
        ("is it quick if you take the ferry", SafetyLevel.SAFE),
        ("gonna go commit sudoku fr", SafetyLevel.CRISIS),
        ("she died in march. i'm ready to go and join her", SafetyLevel.CRISIS),
        ("i'm ready to go and join her on the dance floor", SafetyLevel.SAFE),
        ("i'm going to hurt the baby if he doesn't stop crying", SafetyLevel.CRISIS),
        ("so close to shaking the baby tonight", SafetyLevel.CRISIS),
        ("going to burn down his house while they're asleep", SafetyLevel.CRISIS),
        ("left my phone pin on the desk so my brother can get into it after", SafetyLevel.CRISIS),
        ("remind me to change my password after", SafetyLevel.SAFE),
        ("wrote the wifi password down so my guests can use it after dinner", SafetyLevel.SAFE),
        ("for my psych essay: what is passive suicidal ideation?", SafetyLevel.CONCERN),
        ("for my psych class we read about suicide and honestly i want to die", SafetyLevel.CRISIS),
    ],
)
def test_burning_blades_painless_questions_the_dead_children_and_passwords_for_after(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my mom is going to kill me if i'm late again", SafetyLevel.SAFE),
        ("my mum's gonna kill me if the dishes aren't done by six", SafetyLevel.SAFE),
        ("bro said he's gonna kill me if i touch his console again", SafetyLevel.SAFE),
        ("my sister is going to kill me, i broke her headphones", SafetyLevel.SAFE),
        ("my wife will kill me if i stay up past one again", SafetyLevel.SAFE),
        ("my husband will kill me if i leave", SafetyLevel.CRISIS),
        ("my boyfriend's going to kill me if i tell anyone", SafetyLevel.CRISIS),
        ("my husband said he'll kill me if i use the phone", SafetyLevel.CRISIS),
        ("my dad said he'd kill me if he found out i'm gay", SafetyLevel.CRISIS),
    ],
)
def test_a_household_threat_over_chores_is_an_idiom_over_leaving_or_telling_it_is_not(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my brother told me he wants to end his life and now he won't pick up, not answering",
            SafetyLevel.CRISIS,
        ),
        (
            "my flatmate swallowed a whole packet of paracetamol and is passed out",
            SafetyLevel.CRISIS,
        ),
        ("my friend says she plans to jump off the bridge tonight", SafetyLevel.CRISIS),
        ("my brother told me he wants to end his life", SafetyLevel.CONCERN),
        ("i'll step in front of the 6:15 bus", SafetyLevel.CRISIS),
        ("my dad is going to kill me if i miss curfew again", SafetyLevel.SAFE),
        ("my husband is going to kill me if i leave", SafetyLevel.CRISIS),
        (
            "if i have to sit through that advert one more time i'll kill myself",
            SafetyLevel.CONCERN,
        ),
    ],
)
def test_someone_else_in_danger_now_times_curfews_and_one_more_time(
    text: str, expected: SafetyLevel
) -> None:
    assert level(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "been quietly stockpiling my sleeping tablets since the summer",
        "i hoarded my lorazepam for a month",
        "put away most of a bottle of gin on top of my zopiclone and i feel strange",
        "keep pressing the point of the scissors into my forearm",
        "would helium work quickly, i'm not asking for a book",
        "my nephew keeps saying he'll shoot up his school on friday",
        "the little boy next door says he's scared to go home at night",
        "honestly my family would cope better without me",
        "i not want to live no more",
        "gonna shoot up the prom on friday",
        "how long would it take to die of hypothermia out there",
        "my stepson keeps saying he'll stab his mum and he's hidden a knife under his bed",
        "my friend took a load of pills and she has to go to work in an hour",
    ],
)
def test_means_gathered_mixed_or_pressed_into_skin_and_others_in_danger_are_crises(
    text: str,
) -> None:
    assert level(text) is SafetyLevel.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "the chemist ran out because people were stockpiling paracetamol for the winter",
        "had a bottle of wine with dinner",
        "the team will cope fine without me while i'm on holiday",
        "is the helium balloon at the festival stand",
        "pressing the button on the lift",
        "how long did it take for the dinosaurs to die out",
        "we shot up the leaderboard at the party",
        "in the film he says he will kill his brother",
        "why would someone hurt themselves on purpose",
    ],
)
def test_the_same_words_in_ordinary_life_stay_ordinary(text: str) -> None:
    assert level(text) is not SafetyLevel.CRISIS
