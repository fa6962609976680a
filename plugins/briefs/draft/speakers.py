"""Naming who said each quote of an article, and through whom.

The speaker of a quote is read from the words around it: "X said", "said X",
"according to X", "X vowed/told/added...", appositions, the subject of its clause
("X blamed it on “…”", "X took the stage and called it “…”") or of a sentence
ending with a colon before it, a name signing it after a dash ("“…” ― X"), and a
pronoun, title, surname, "the two" or, for a body, "it" or "they" that refers
back to people or bodies named earlier; a quotation that names nobody goes on
from the one before it, or is the words of the one who opens the sentence
before it when that quotes nobody. Names are matched against the
actor registry, its names and aliases (and a state's adjective); other names are
speakers the registry lacks, with the role the article gives them. A medium that reports or quotes a speaker is the
channel (``via``), and a sentence that states one day, or words that count one
from the article's date ("on Thursday"), gives the day it was said. Where the text does not settle who spoke, no speaker is given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from ..model import Actor
from ..quotes import Snapshot
from .dates import said_on, stated
from .places import DEMONYMS, QUALIFIERS, adjective_forms
from .quotes import Quote, QuotedText

# -- words ---------------------------------------------------------------------

_SPEECH = (
    "say says said saying tell tells told telling add adds added adding vow vows vowed vowing "
    "pledge pledges pledged pledging promise promises promised promising proclaim proclaims proclaimed "
    "proclaiming declare declares declared declaring announce announces announced announcing warn warns "
    "warned warning insist insists insisted insisting argue argues argued arguing claim claimed claiming "
    "stated ask asks asked asking reply replies replied replying answered remarked commented explain "
    "explains explained explaining tweeted posted write writes wrote writing called calling describe "
    "describes described describing urge urges urged urging stress stresses stressed stressing emphasise "
    "emphasises emphasised emphasising emphasize emphasizes emphasized emphasizing noted noting hoped "
    "hoping wished wishing expressed expressing accused accusing dubbed labelled labeled recalled "
    "recalling conceded admitted admits predicted suggested confirmed denied reiterated reiterating "
    "asserted asserting maintained concluded quipped exclaimed shouted boasted acknowledged assured "
    "cautioned threatened joked observed responded countered reported quoted remembers remembered recalls "
    "recounted assures assure notes writes tweets chimed continued continues mused marveled marvelled laughed "
    "sighed complained complains lamented agreed testified retorted snapped bragged charged alleged contended "
    "contends maintains reasoned opined reflected acknowledges insisted cautions concedes admits predicts "
    "suggests confirms denies reiterates asserts concludes quips exclaims shouts boasts jokes observes responds "
    "counters recalled wrote stated states announces declares fumed demurred echoed chided scoffed griped "
    "quipped wondered pressed accuses labeled labeling labelling thanked criticized criticised criticizes "
    "criticises denounced denounces praised praises blasted blasts slammed slams hailed hails dismissed dismisses "
    "condemned condemns welcomed welcomes attacked attacks mocked mocks touted touts lamented laments "
    "branded brands decried decries questioned reacted demanded demands barked boomed retaliated beamed "
    "interjected whispered yelled screamed gushed teased"
).split()
_AUXILIARIES = "has had have also later then once previously again already repeatedly recently".split()
# the auxiliaries, and any adverb in -ly ("Clinton has increasingly decried"), that may stand before a verb
_ADVERBS = r"(?:%s|(?!(?:reply|apply|supply|rally|family|ally)\b)[a-z]{2,}ly)" % "|".join(_AUXILIARIES)
# "As Marcus put it, …", "“…,” Trump shot back", "“…,” Vale went on, …" (not "the Senate goes on recess")
_SPEECH_PHRASES = ["put it", "puts it", "shot back", "shoots back", r"went on(?=[,.])", r"goes on(?=[,.])"]
_SPEECH_NOUNS = "remarks message statement wishes".split()
# words of saying that are nouns after a possessive: "Dahl’s claim that ..."
_NOUNS_AFTER_POSSESSIVE = {*_SPEECH_NOUNS, *"claim claims promise promises pledge pledges vow vows warning call calls description".split()}
# verbs after which a name begins a clause of its own: "Olsen said Dahl had called it ..."
_SAYS_THAT = set(
    "said says say added adds claimed claims argued argues insisted insists noted notes announced declared "
    "reported wrote writes stressed explained suggested confirmed predicted hoped believes thinks".split()
)
_REPORTING = {"reported", "quoted"}  # a medium that "reported" is a channel, not a speaker
_CUES = re.compile(r"\b(?:%s)\b" % "|".join(sorted({*_SPEECH, *_SPEECH_NOUNS, *_SPEECH_PHRASES}, key=len, reverse=True)), re.I)
ROLES = set(
    "president minister leader premier chancellor spokesman spokeswoman spokesperson secretary ambassador "
    "envoy general governor senator mayor king queen prince princess chairman chairwoman chair chief "
    "commander director editor lawmaker diplomat official adviser advisor aide head founder ceo judge "
    "prosecutor pope dictator monarch negotiator deputy representative officer colonel captain professor "
    "analyst expert researcher correspondent reporter broadcaster agency presidents ministers leaders "
    "officials diplomats aides spokesmen lawmakers coach strategist economist attorney lawyer teacher scientist "
    "geologist manager executive administrator commissioner superintendent pollster consultant nominee activist "
    "organizer organiser secretary chairperson cfo coo cto treasurer spokespeople physician doctor candidate "
    "anchor host columnist commentator member sheriff author".split()
)
_GROUPS = set(  # words that make the name before them a modifier: "Kremlin officials"
    "parliament government ministry army military media authorities side delegation embassy state forces "
    "troops leadership camp team office police court people party administration regime citizens".split()
)
_SUBJECT_BEFORE = set(  # words that may stand right before the subject of a clause
    "and but as while when because since though although that then so yet where whereas if after before "
    "once until now also meanwhile later earlier however the".split()
)
_PREPOSITIONS = set(
    "to of in on at by with from for about against toward towards into onto over under between among amid "
    "without within through across behind beyond near like than upon via per despite during including "
    "following regarding concerning around".split()
)
_TITLES = set(
    "President Presidents Prime Minister Supreme Leader Chancellor General Mr Mrs Ms Dr Sen Senator Rep King "
    "Queen Prince Princess Pope Premier Governor Mayor Secretary Foreign Defence Defense Deputy Vice "
    "Ambassador Sir Dame Lord Lady Judge Justice Chief Captain Colonel Professor Prof Commander Chairman "
    "Chairwoman Spokesman Spokeswoman Marshal Admiral Sheikh Emir Sultan Director Editor Gov Gen Lt Col Sgt "
    "Capt Rev Adm Supt Insp Det Archbishop Bishop Rabbi Imam Father Superintendent Commissioner Minister CEO CFO COO "
    "Sheriff Alderman Alderwoman Councilman Councilwoman Councillor Assemblyman Assemblywoman Congressman Congresswoman Speaker Whip".split()
)
_ROLE_OF_TITLE = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "prof": "professor", "col": "colonel", "capt": "captain"}
_HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Prof", "Professor"}
_ABBREVIATED = {"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Prof", "Rev", "Adm", "Supt", "Insp", "Det", "St"}
# words that may follow "Secretary of", "Minister of" and still be part of the title
_ABBREVIATED_TITLE = re.compile(r"\b(?:%s)\." % "|".join(sorted(_ABBREVIATED)))
_PARTY_CODE = re.compile(r"[DRI]-[A-Z][A-Za-z]?")  # "(D-N.Y.)", "R-S.C.": a party and a state, no name
_TITLE_OF = set("State Defense Defence Justice Health Education Energy Commerce Labor Labour Homeland Transportation Staff Finance Interior".split())
# capitalised words that stand for groups of people, never for one speaker
_NOT_A_NAME = set(
    "Police Officials Authorities Critics Witnesses Experts Analysts Residents Prosecutors Investigators Researchers "
    "Scientists Doctors Sources Others Democrats Republicans Conservatives Liberals Socialists Americans Europeans "
    "Voters Protesters Demonstrators Activists Supporters Opponents Officers Teachers Students Parents Workers Troops "
    "Reporters Journalists Lawmakers Legislators Leaders Members Observers Polls Data Reports Studies".split()
)
_CALENDAR = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today Yesterday Tomorrow".split()
)
_STOP = set(
    "The A An In On At According But And When While After Before As This That These Those It He She They We "
    "I His Her Their Our Its If For With By From To Of Meanwhile However Also Then Yet So Both Other Some "
    "Many Most All Given Last Next Earlier Later Now There Here What Who Why How Where Which Not No Yes One Two Even Still Just Only Under Over "
    "Despite Following Like Unlike Amid Without Within Into Upon Since Until Although Though Because During Throughout "
    "Across Around Among Between Against Toward Towards Beyond Inside Outside Behind Through Along Including Regarding".split()
) | _CALENDAR
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}
_PARTICLES = {"de", "van", "von", "der", "bin", "al", "da", "du", "la", "le", "del", "di", "ibn"}
_MEDIA_WORDS = set(
    "News Times Post Press Agency Broadcasting Television TV Radio FM Network Journal Herald Tribune Telegraph "
    "Gazette Daily Guardian Channel Observer Chronicle Wire Media Magazine".split()
)
_ORG_WORDS = set(
    "Ministry Party Council Committee Commission Union Office Department Institute University Bank "
    "Corporation Company Inc Ltd Group Association Organization Organisation Army Forces Court Parliament "
    "Assembly Congress Senate Government Federation Foundation Fund Navy Police Agency Alliance Front "
    "Movement Bureau Service Authority Board Kremlin Pentagon Productions Records Studios Entertainment Coalition "
    "Airlines Holdings Technologies Laboratories Labs Partners Society League".split()
)
_PLACE_WORDS = set(
    "North South East West Northern Southern Eastern Western New United Republic Kingdom States Day City "
    "Province Region Peninsula Ocean Sea River Island Islands Street Square Port Airport Mountains Valley "
    "Bay Gulf Strait Lake Coast Hall House Palace".split()
)
_CHANNEL_BEFORE = re.compile(
    r"\b(?:according\s+to|told|tells|telling|to|on|with|by|in|via|through|from)\b(?:\W+\S+){0,3}?\W*$", re.I
)
_CHANNEL_AFTER = re.compile(r"\W*(?:said|says|reported|reports|quoted|quotes|cited)\b")  # matched where a name ends
# what may follow a name, matched where it ends (never on a slice of the rest of the text: that would be quadratic)
_NEXT_WORD = re.compile(r"\s*(?:,[^,.;]{1,120},\s*)?(\w+)")
_APPOSITION = re.compile(r",\s*([^,.;:\"“”]{1,80}),")
# words that qualify a role: "campaign manager", "deputy press secretary", "study lead author"
_ROLE_QUALIFIERS = set("campaign press deputy senior chief vice communications policy national foreign finance study lead former".split())
# the word after a name, past the words that qualify a role: "Clinton campaign manager", "Trump deputy press secretary"
_FOLLOWING_WORD = re.compile(r"(?:\s+(?:%s))*\s+([a-z]+)" % "|".join(sorted(_ROLE_QUALIFIERS)))
_LAST_WORD = re.compile(r"(\S+)\s*$")
_BODY_WORDS = (
    "board|union|council|ministry|government|commission|committee|agency|authority|office|department|court|"
    "parliament|police|party|company|embassy|military|army|navy|federation|association|institute|cabinet|administration"
)
# lower-case words after a proper name that make it a body: "the Kerrow harbour board", "the South Korean foreign ministry"
_BODY = re.compile(r"(?:[ \t]+(?!(?:%s)\b)[a-z]+){0,2}?[ \t]+(?:%s)\b(?![’'\-])" % (_BODY_WORDS, _BODY_WORDS))
_FEMALE = {"ms", "mrs", "miss", "queen", "princess", "lady", "dame", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "actress", "sister", "mother", "wife", "daughter"}
_MALE = {"mr", "sir", "king", "prince", "lord", "spokesman", "chairman", "congressman", "businessman", "actor", "brother", "father", "husband", "son"}
_GENDER_BEFORE = re.compile(r"\b(%s)\.?\s+\Z" % "|".join(sorted(_FEMALE | _MALE)), re.I)
# words right before a quotation that make it the title of a work or a name, not words said
_WORK_BEFORE = re.compile(
    r"(?:\b(?:[Oo]n|[Tt]o|[Ii]n)\s+(?:the\s+)?[A-Z][\w\-]*[’']s|\b(?:film|movie|book|novel|series|programme|program|song|album|documentary|"
    r"podcast|exhibition|column|headline|slogan|tagline|hashtag|titled|entitled|dubbed|nicknamed|known\s+as|"
    r"named|renamed|rebranded|the\s+word|the\s+phrase|the\s+term|(?:episode|edition|issue|season)\s+of))(?:\s+(?:the|a|an))?[,:]?\s*\Z"
)
# a lower-case word after a quotation that makes it a name: "the “one country, two systems” formula"
_NAMED_THING = re.compile(
    r"[”\"]\s+(?:formula|policy|plan|campaign|programme|program|project|strategy|doctrine|slogan|movement|initiative|"
    r"act|bill|law|agreement|tour|series|show|film|movie|book|label|brand|hashtag|tagline|motto|rule|ticket|logo)\b"
)
_TOLD = re.compile(
    r"\b(?:told|tells|telling|(?:in|during)\s+(?:a|an)\s+(?:statement|interview|email|letter|message)\s+(?:to|with)|"
    r"speaking\s+(?:to|with)|(?:an\s+)?interview\s+with|wrote\s+to)\s+(?:the\s+)?\Z",
    re.I,
)
_ON_PROGRAMME = re.compile(r"\bon\s+(?:the\s+)?\Z", re.I)
_ROLE_TO = re.compile(r"\b(?:%s)\s+(?:to|in|of|for)\s+\Z" % "|".join(sorted(ROLES)))  # "ambassador to", "envoy in"
_TITLE_BEFORE_OF = re.compile(r"\b(?:Secretary|Minister|Director|Chief|Head|Chairman|Chair)\s+of\s+\Z")
_RUN = re.compile(r"\w+")
_PLURAL_VERB = re.compile(r"\s+(?:have|are|were)\b")
_JOINED_NAME = re.compile(r"(?:\band|&|,)\s*\Z")  # "Ada Lind and Tom Vale have": two people
LOOK_BACK = 200  # characters before a name in which the word before it is looked for
# the words of a clause that closes a sentence, before and after its word of saying: ", Gilbert said.",
# "…,” Comey has said in an interview.", ", said Ban, the UN chief."
_CLOSING_SUBJECT = re.compile(
    r"\s*(?:[a-z]+\s+){0,2}(?:(?:[A-Z][\w.’'\-]*|the|a|an|of|for|at|he|she|they|%s)\s+){0,8}(?:,[^;:_“”\"]{1,160},\s+)?(?:(?:%s)\s+){0,2}"
    % ("|".join(sorted(ROLES)), "|".join(_AUXILIARIES))
)
_CLOSING_REST = re.compile(r"(?:\s+[^\W\d_][\w.’'\-]*){0,12}(?:,[^“”\"_;:,]{1,80})?[.!?]?[\s”\"’)]*")
# what may stand between a name and its verb: "Barkley, 49, said", "Comey has said", "Sanders had previously said"
_BESIDE_BEFORE = re.compile(r"\s*(?:,[^,.;:]{1,80},\s*)?(?:%s\s+){0,3}" % _ADVERBS)
# the verb after a subject, asides and auxiliaries aside: "Trump, the nominee, has repeatedly called"
# where a person is from, after the name: "Gov. Earl Tomblin of West Virginia", "Stacy Baker of Columbia, South Carolina"
_OF_PLACE = r"(?:\s+of\s+[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3}(?:,\s+[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,2}(?=\s+[a-z]))?)"
_VERB_AFTER = re.compile(
    r"%s?\s*(?:\([^()_]{0,30}\))?(?:,[^;:_“”\"]{1,120},)?\s*(?:%s\s+)*(?:(is|was|were|are|been|be)\s+)?(?:%s\s+)*([a-z]+)\b"
    % (_OF_PLACE, _ADVERBS, _ADVERBS)
)
def _inflected(bases: str) -> set[str]:
    """Each verb with its -s, -ed and -ing forms: "blame" -> blames, blamed, blaming; a verb marked "+"
    doubles its last consonant before -ed and -ing: "refer+" -> refers, referred, referring."""
    forms = set()
    for base in bases.split():
        doubled = base.endswith("+")
        base = base.rstrip("+")
        stem = base[:-1] if base.endswith("e") else base + base[-1] if doubled else base
        plural = base + "es" if base.endswith(("s", "sh", "ch", "x")) else (base[:-1] + "ies" if base.endswith("y") and base[-2] not in "aeiou" else base + "s")
        past = base + "d" if base.endswith("e") else (base[:-1] + "ied" if base.endswith("y") and base[-2] not in "aeiou" else stem + "ed")
        forms |= {base, plural, past, stem + "ing"}
    return forms


# verbs by which a subject utters or judges words, with which a quote in their clause is the subject's:
# "Trump blamed the shootings on “sickos”", "Cruz is praising Bush as “a man who …”"
_EXPRESSING = _inflected(
    "blame bemoan question cite credit defend endorse rip+ scold assail frame refer+ decry disavow propose promote "
    "hammer bark imagine point describe name list offer deliver launch hail praise slam+ blast deride rail grouse "
    "herald react vow welcome urge warn insist argue accuse attack mock tout dismiss condemn criticize criticise "
    "applaud laud lambast reject label brand characterize characterise pledge promise express voice issue release "
    "tweet post push fire open speak talk discuss explain mention suggest hint highlight emphasize emphasise stress "
    "boast brag joke quip lament complain worry fear hope wish thank congratulate apologize apologise admit+ "
    "acknowledge concede deny dispute challenge counter rebut+ respond reply retort interject chime echo repeat "
    "reiterate recall remember predict claim allege charge contend maintain assert declare announce proclaim "
    "pronounce note observe remark comment add continue conclude sum paint portray depict deem consider view "
    "regard demand ask press call plead beg order cast contrast compare liken dub tell say write state report "
    "insult ridicule lash tear knock pan+ jab+ swipe needle taunt chide rebuke fault pin+ caution signal "
    "acclaim extol celebrate embrace champion back support oppose denounce disparage belittle downplay "
    "vent gripe fume muse marvel wonder ponder reflect confide recount relate narrate testify introduce"
) | set("wrote spoke saw sees thought thinks put went took told said shot cast fought".split())

# words after which a clause may begin with its subject
_CLAUSE_OPENERS = set("and but while when as because since though although then so yet whereas if after before once until now also meanwhile later earlier however".split())
_SIGNED = re.compile(r"\s*(?:[―—–]|-(?!-))[^\S\n]*(?=[A-Z])")  # "“…” ― Ada Lind": a dash before the name signing a quotation
_TITLES_ONLY = re.compile(r"(?:(?:%s)\.?[^\S\n]+){0,3}" % "|".join(sorted(_TITLES)))
_SIGNATURE_END = re.compile(r"[^\S\n]*(?:[.,;]|\n|\Z|[“\"])")
_APPOSED_BODY = re.compile(r"\s*(?:[Tt]he|[Aa]n?)\s[^,;:]*,\s*")
_IT_SAID = re.compile(r"[\s,”\"’]*\b(it|they)\s+(?:(?:%s)\s+){0,2}([a-z]+)\b" % "|".join(_AUXILIARIES))  # "…,” it added"
_TOLD_WORDS = {"told", "tells", "tell", "telling"}  # the name after them is whom the words were told to
_TOLD_BEFORE = re.compile(r"\b(?:%s)\s+(?:the\s+)?\Z" % "|".join(sorted(_TOLD_WORDS)))
# what joins a second verb to the predicate of the same subject: "took the stage and called", "…” but described"
_JOINED = re.compile(r"(?:,\s*|\s+)(?:and|but)\s+(?:%s\s+){0,2}\Z" % _ADVERBS)
_LISTED = re.compile(r"(?:,\s*|\s+(?:and|but)\s+)(?:%s\s+){0,2}\Z" % _ADVERBS)  # or a comma, before the quote: "asked …, called"
# the subject of a clause of its own right before a verb: "Lind watched the boats and the crowd called"
_OWN_SUBJECT = re.compile(r"\b(?:and|but|while|as|when)\s+(?:the|a|an|his|her|their|its|some|many)\s+[a-z]+\s+\Z")
# words between two verbs that open a clause of another subject: "Vale met Lind, who called it …"
_OTHER_CLAUSE = re.compile(r"[;:—–]|\b(?:that|who|whom|whose|which|when|while|because|if|although|though|whereas|where|until)\b")
_APPOSED = re.compile(r"(?<=[^\W_]),[^;:_“”\"]{1,160},")  # an aside between a name and its verb
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:\S+\s+){0,3}?$", re.I)

_WORD = re.compile(r"[^\W\d_](?:[\w\-]|[’'](?=[^\W\d_]{2,}))*")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_PAIR = re.compile(
    r"\b(?:[Tt]he (?:two|pair|duo)(?: (?:leaders|men|women|sides|presidents|ministers))?"
    r"|[Bb]oth (?:leaders|men|women|sides|presidents|ministers))\b"
)
_TITLE_NP = re.compile(r"\b[Tt]he (?:[A-Za-z’'\-]+ ){0,2}?(%s)\b" % "|".join(sorted(ROLES - {"agency", "broadcaster"})))

# -- who said what -------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    """A speaker or channel: an actor of the registry (``id``) or a name the registry lacks."""

    name: str
    id: str | None = None
    kind: str = "person"
    role: str | None = field(default=None, compare=False)  # a proposed actor's role, in the article's words


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # actor | name | single | group | he | she | they | pair | title | other
    value: str  # actor id, name or role word
    sentence: int = 0
    possessive: bool = False
    person: bool = False  # counts when a later word refers back to people
    refs: tuple[Who, ...] = ()
    hint: str = ""
    bare: bool = False  # a single name that refers to nobody named before: a speaker only right beside its verb
    body: str = ""  # the words of a state's body that stand for the state: "South Korean foreign ministry"
    candidates: tuple[Who, ...] = ()  # for a pronoun: the people it may refer to
    titled: bool = False  # a title stands before it: "Mr Vask"


@dataclass
class Quoted:
    """One quoted passage and what the text says about it."""

    start: int  # where the quote's words stand in the snapshot
    end: int
    quote: str
    speakers: tuple[Who, ...] = ()
    via: Who | None = None
    said: str | None = None
    said_note: str = ""  # how ``said`` was read from relative words, or why it is left out
    how: str = ""  # how the speaker was inferred, when not named outright
    hint: str = ""  # who it might be, when no speaker was settled
    passage: str | None = None  # words around the quote, when its words stand earlier too
    sentence: int = 0
    paragraph: int = 0
    runs_on: bool = False  # no closing mark: the quotation goes on in the next paragraph
    title: bool = False  # the title of a work or a name ("on CNBC’s “Trading Nation”"), not words said

    @property
    def people(self) -> tuple[Who, ...]:
        """Its speakers and its channel."""
        return (*self.speakers, self.via) if self.via is not None else self.speakers


@functools.lru_cache(maxsize=8)
def _registry_names(actors: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[dict[str, tuple[str, str]], re.Pattern | None]:
    """The registry's names (folded name -> actor id, name as written) and one pattern finding any of them:
    made once per registry, not once per article."""
    names: dict[str, tuple[str, str]] = {}
    for actor_id, written in actors:
        for name in written:
            names.setdefault(_fold_name(name), (actor_id, name.strip()))
    if not names:
        return names, None
    alternatives = sorted((name for _, name in names.values()), key=len, reverse=True)
    return names, re.compile(r"(?<![\w\-])(?:%s)(?![\w])" % "|".join(map(_name_pattern, alternatives)), re.I)


def _named_speaker(m: _Mention) -> bool:
    """Whether a mention names one who can be the subject saying a quote: a person it refers to, a
    full name ("Jan Brewer calls the issue “a priority”") or a named body or medium (not "TV shows")."""
    if not m.refs:
        return False
    first = m.refs[0]
    body = first.kind in ("organization", "media") and bool(first.id or " " in first.name)
    return bool(m.person) or body or m.kind == "name" and first.kind == "person"


class Reader:
    """Finds the quotes of an article and who said them."""

    def __init__(self, text: str, registry: dict[str, Actor], snapshot: Snapshot | None = None, published: dt.date | None = None):
        """``published``: the article's date, from which "on Thursday" or "yesterday" are counted."""
        self.article = QuotedText(text, snapshot)
        self.published = published
        self.registry = registry
        self.mentions = self._find_mentions()
        self.starts = [m.start for m in self.mentions]
        self.by_sentence: dict[int, list[_Mention]] = {}
        for m in self.mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)
        self.persons: dict[Who, set[str]] = {}  # people named so far, with the words that describe them
        # the people named so far by their first or last name: those described or speaking, and every full name
        self.person_ends: dict[str, dict[Who, None]] = {}
        self.full_name_ends: dict[str, dict[Who, None]] = {}
        self.gender: dict[Who, str] = {}  # "he" or "she", when a title says so ("Ms", "King", "spokeswoman")
        self.lower_words = set(re.findall(r"(?<![\w\-’'])[a-z][\w\-’']*", self.article.masked))
        self.spoken: dict[str, list[Quoted]] = {}  # quotes given a speaker so far, by each run of word characters in them
        self._resolve()

    # -- names ---------------------------------------------------------------------

    def _find_mentions(self) -> list[_Mention]:
        text = self.article.masked
        mentions: list[_Mention] = []
        names, pattern = _registry_names(tuple(
            (actor_id, (a.name, *a.aliases, *(adjective_forms([a.name, *a.aliases]) if a.kind == "state" else [])))
            for actor_id, a in self.registry.items()
        ))
        taken = bytearray(len(text))  # 1 where a mention stands

        def add(m: _Mention) -> None:
            if taken.find(1, m.start, m.end) >= 0:
                return
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
            m.possessive = bool(re.match(r"[’']s\b|[’'](?!\w)", text[m.end : m.end + 2]))
            mentions.append(m)

        if pattern is not None:
            for m in pattern.finditer(text):
                actor_id, name = names.get(_fold_name(m.group()), ("", ""))
                # case may differ inside a name ("Jong-un", "Jong Un"), not at its start: "Kim", not "kim"
                if actor_id and (m.group()[0].isupper() or m.group()[0] == name[0]):
                    actor = self.registry[actor_id]
                    start = m.start()
                    if actor.kind == "person":  # a first name before a known surname is part of the name
                        first = re.search(r"(?<![\w\-’'])([^\W\d_][\w\-’']*)[ \t]+$", text[max(0, start - 40) : start])
                        if first and first.group(1)[0].isupper() and first.group(1) not in _TITLES | _STOP:
                            start -= len(first.group())
                    end, body = m.end(), ""
                    if actor.kind == "state" and name in adjective_forms([actor.name, *actor.aliases]):
                        words = _BODY.match(text, end)  # "the South Korean foreign ministry": the state speaks
                        if not words:
                            continue  # "a South Korean official", "Russian troops": not the state itself
                        end, body = words.end(), text[m.start() : words.end()]
                    add(_Mention(start, end, "actor", actor_id, person=actor.kind == "person", body=body))
        for m in _PAIR.finditer(text):
            add(_Mention(m.start(), m.end(), "pair", m.group(), person=True))
        for m in _TITLE_NP.finditer(text):
            add(_Mention(m.start(), m.end(), "title", m.group(1).casefold(), person=True))
        for m in _PRONOUN.finditer(text):
            word = m.group().casefold()
            add(_Mention(m.start(), m.end(), word, word, person=word != "they"))
        for start, end, tokens, titled in self._name_runs(taken):
            add(self._name_mention(start, end, tokens, titled))
        mentions.sort(key=lambda m: m.start)
        for mention in mentions:
            mention.sentence = self.article.sentence_of(mention.start)
        return mentions

    def _name_runs(self, taken: bytearray):
        """Runs of capitalised words not claimed yet, without the titles and stop words before them."""
        text = self.article.masked
        words = [w for w in _WORD.finditer(text) if taken.find(1, w.start(), w.end()) < 0]
        run: list[re.Match] = []
        for w in [*words, None]:
            if w is not None and run:
                gap = text[run[-1].end() : w.start()]
                joined = gap.isspace() and "\n\n" not in gap
                abbreviated = run[-1].group() in _ABBREVIATED or len(run[-1].group()) == 1 and run[-1].group().isupper()
                joined = joined or abbreviated and gap.startswith(".") and gap[1:].isspace() and "\n" not in gap
                if joined and (w.group()[0].isupper() or w.group() in _PARTICLES):
                    run.append(w)
                    continue
            while run and run[-1].group() in _PARTICLES:
                run.pop()
            if run:
                tokens = [t.group() for t in run]
                surname = len(tokens) > 1 and not _describes(tokens[-2])  # "Amy Pope", "Colin General": not a title
                last_title = max(
                    (i for i, t in enumerate(tokens) if (t.rstrip(".") in _TITLES or t in QUALIFIERS) and (i < len(tokens) - 1 or not surname and t not in QUALIFIERS)),
                    default=-1,
                )
                keep = run[last_title + 1 :]
                if len([t for t in keep if len(t.group()) > 1]) > 4:  # "Clark County Recorder Helen Purcell": the name ends it
                    keep = keep[-2:]
                adjective = re.match(r"[ \t]+[^\W\d_]", text[run[-1].end() : run[-1].end() + 2])  # "Cuban officials", not "said Cuban."
                while keep and (keep[0].group() in _STOP or adjective and all(t.group() in QUALIFIERS for t in keep)):
                    keep = keep[1:]
                titled = last_title >= 0
                if len(keep) > 1 and keep[0].group() in _TITLE_OF and _TITLE_BEFORE_OF.search(text, max(0, keep[0].start() - 40), keep[0].start()):
                    keep, titled = keep[1:], True  # "Secretary of State Mike Pompeo"
                if len(keep) > 2 and keep[0].group() in DEMONYMS and _ROLE_TO.search(text, max(0, keep[0].start() - 40), keep[0].start()):
                    keep = keep[1:]  # "China’s ambassador to Britain Liu Xiaming": the country is no part of the name
                bracketed = len(keep) == 1 and text[max(0, keep[0].start() - 1) : keep[0].start()] == "("  # "Ted Cruz (Tex.)"
                if len(keep) == 1 and (_PARTY_CODE.fullmatch(keep[0].group()) or len(keep[0].group()) == 1) or bracketed:
                    keep = []  # "(D-N.Y.)": no name
                if not keep and len(run) == 1 and self._surname_beside_cue(run[0]):
                    keep, titled = run, False  # "Mark Cuban ... “…,” Cuban said": a surname that is a word of its own
                if keep:
                    yield keep[0].start(), keep[-1].end(), [t.group() for t in keep], titled
            run = [w] if w is not None and w.group()[0].isupper() else []

    def _surname_beside_cue(self, word: re.Match) -> bool:
        """Whether a word that is also a nationality, a title or a stop word ("Cuban", "King", "From")
        is a surname here: the last word of a full name earlier in the article ("Mark Cuban"), beside a
        word of saying ("Cuban said", "said King")."""
        text = self.article.masked
        after = _BESIDE_BEFORE.match(text, word.end())
        following = after and _WORD.match(text, after.end())
        before = _LAST_WORD.search(text, max(0, word.start() - 30), word.start())
        if word.group() in _CALENDAR:
            return False  # "early Friday saying"
        if not (following and following.group().islower() and _CUES.fullmatch(following.group()) or before and before.group(1) in _SAYS_THAT):
            return False
        name = re.compile(r"(?<![\w’'\-])([A-Z][a-z][\w’'\-]*)[ \t]+%s(?![\w\-’'])" % re.escape(word.group())).search(text, 0, word.start())
        return name is not None and name.group(1) not in _TITLES | _STOP | QUALIFIERS | _PLACE_WORDS | _ORG_WORDS | _MEDIA_WORDS

    def _name_mention(self, start: int, end: int, tokens: list[str], titled: bool) -> _Mention:
        text = self.article.masked
        name = " ".join(text[start:end].split())  # as written: "James P. Kennedy Jr."
        mention = _Mention(start, end, "name", name)
        if not 1 <= len([t for t in tokens if len(t) > 1]) <= 4:  # initials aside: "Jason C. Ervin"
            mention.kind = "other"
            return mention
        if len(tokens) == 1 and tokens[0] in _NOT_A_NAME:
            mention.kind, mention.hint = "group", name  # "Officials said": a subject, but nobody's name
            return mention
        before = text[max(0, start - 60) : start].split()[-3:]
        after = self._apposition(end)
        next_word = _NEXT_WORD.match(text, end)
        spoken = bool(before and _CUES.fullmatch(before[-1].strip(",")) or next_word and _CUES.fullmatch(next_word.group(1)))
        described = titled or any(w.casefold().strip(",") in ROLES for w in before) or bool(ROLES & set(after))
        kind = _kind_of(tokens)
        body = _BODY.match(text, end) if kind != "person" or not (described or spoken) else None
        if body and not re.match(r"[’']s\b", text[end : end + 2]):
            end = body.end()  # "the Kerrow harbour board said": a body the registry lacks
            mention.end, name, kind = end, " ".join(text[start:end].split()), "organization"
            mention.value = name
        if kind == "person" and len(tokens) == 1:
            mention.kind, mention.titled = "single", titled  # a surname, perhaps, of someone named earlier
            return mention
        if kind == "person" and not described and _PLURAL_VERB.match(text, end) and not _JOINED_NAME.search(text, max(0, start - 8), start):
            kind = "organization"  # "Big Machine have denied it": one name with a plural verb is a body, not a person
        mention.person = kind == "person" and (described or spoken)
        mention.refs = (Who(name, kind=kind, role=self._role(start, end) if kind == "person" else None),)
        return mention

    def _role(self, start: int, end: int) -> str | None:
        """A person's role as the article gives it beside the name: "Transport minister Daniel Reyes",
        "Lars Brenn, the union secretary," (the words as written, never made up)."""
        text = self.article.masked
        tail = re.split(r"[,.;:()\"“”_—–\n]|\s[-–]\s", text[max(0, start - 80) : start])[-1].split()
        words: list[str] = []
        for w in reversed(tail):
            bare = w.rstrip(".")
            if not (bare[:1].isupper() or bare.casefold() in ROLES or re.search(r"[’']s$", bare)) or bare in _STOP or bare.casefold() in _SAYS_THAT:
                break
            words.insert(0, w)
        if any(w.rstrip(".").casefold() in ROLES or w.rstrip(".") in _TITLES - _HONORIFICS for w in words):
            while words and (words[0].rstrip(".") in _HONORIFICS or re.search(r"[’']s$", words[0]) and len(words) == 1):
                words = words[1:]
            if words:
                return " ".join(words)
        after = _APPOSITION.match(text, end)
        if after:
            phrase = re.sub(r"^(?:the|a|an)\s+", "", " ".join(after.group(1).split()))
            if len(phrase.split()) <= 8 and set(self._apposition(end)) & ROLES and not re.match(r"(?:who|which|whose)\b", phrase):
                return phrase
        return None

    def _apposition(self, end: int) -> list[str]:
        m = _APPOSITION.match(self.article.masked, end)
        return [w.casefold() for w in _WORD.findall(m.group(1))] if m else []

    def _describe(self, m: _Mention, who: Who) -> set[str]:
        """Role words around a person's name, and in the registry: what "the minister" may refer to."""
        words = {w.casefold() for w in _WORD.findall(self.article.masked[max(0, m.start - 60) : m.start])[-4:]}
        words |= {_ROLE_OF_TITLE[w] for w in words if w in _ROLE_OF_TITLE}  # "Sen. Ada Lind": "the senator"
        words |= set(self._apposition(m.end))
        role = self.registry[who.id].role if who.id else None
        if role:
            words |= {w.casefold() for w in _WORD.findall(role)}
        return words & ROLES

    # -- words that refer back -------------------------------------------------------

    def _resolve(self) -> None:
        for m in self.mentions:
            if m.kind == "actor":
                actor = self.registry[m.value]
                m.refs = (Who(actor.name, m.value, actor.kind),)
            elif m.kind == "single":
                m.refs, m.hint = self._by_surname(m)
                m.person = bool(m.refs)
                if not m.refs and m.titled and not m.hint.count(" or "):
                    m.refs, m.person = (Who(m.value),), True  # "Mr Haldorsen": a person, though named no further
                elif not m.refs and not m.hint.count(" or ") and self._may_be_name(m):
                    m.refs, m.bare = (Who(m.value, kind=_kind_of_single(m.value)),), True
            elif m.kind in ("he", "she", "pair"):
                m.refs, m.hint = self._antecedents(m, 2 if m.kind == "pair" else 1)
            elif m.kind == "title":
                m.refs, m.hint = self._by_title(m)
            if m.person and len(m.refs) == 1 and m.kind in ("actor", "name", "single") and not m.bare:
                self.persons.setdefault(m.refs[0], set()).update(self._describe(m, m.refs[0]))
                for end in _ends(m.refs[0].name):
                    self.person_ends.setdefault(end, {})[m.refs[0]] = None
            if m.kind == "name" and len(m.refs) == 1 and m.refs[0].kind == "person":
                for end in _ends(m.refs[0].name):
                    self.full_name_ends.setdefault(end, {})[m.refs[0]] = None
            if m.kind in ("actor", "name", "single") and len(m.refs) == 1 and m.refs[0] not in self.gender:
                cue = _GENDER_BEFORE.search(self.article.masked, max(0, m.start - 30), m.start)
                if cue:
                    self.gender[m.refs[0]] = "she" if cue.group(1).casefold() in _FEMALE else "he"

    def _by_surname(self, m: _Mention) -> tuple[tuple[Who, ...], str]:
        """A single name that is the first or last name of one person named earlier."""
        found = list(self.person_ends.get(m.value, {}))
        if not found:  # a full name earlier, whether or not it spoke or was described
            found = list(self.full_name_ends.get(m.value, {}))
        if not found:  # nobody named so far: the registry's people, if just one has that name
            found = [Who(a.name, i, a.kind) for i, a in self.registry.items() if a.kind == "person" and m.value in _ends(a.name)]
        return (tuple(found), "") if len(found) == 1 else ((), m.value)

    def _may_be_name(self, m: _Mention) -> bool:
        """Whether a single capitalised word can be a speaker's name: not a group ("Police"), a role
        or a word the article also writes in lower case ("Secret", "Read")."""
        word = m.value
        if word in _NOT_A_NAME | _ORG_WORDS | _MEDIA_WORDS | _PLACE_WORDS | QUALIFIERS or word.casefold() in ROLES | _GROUPS or word in _TITLES or len(word) < 2:
            return False
        opens = not self.article.masked[self.article.sentences[m.sentence][0] : m.start].strip(" \t\n“\"‘'(")
        if opens and re.search(r"(?:ing|ly|ed)$", word):
            return False  # "Standing and sharing ...", "Recently, ..."
        return word.isupper() and len(word) <= 5 or word.casefold() not in self.lower_words

    def _antecedents(self, m: _Mention, count: int) -> tuple[tuple[Who, ...], str]:
        """The people a pronoun (count 1) or "the two" (count 2) refers back to, if the text leaves no doubt."""
        mentions = [p for p in self.by_sentence.get(m.sentence, []) if p.end <= m.start]
        found = _people(mentions)
        s = m.sentence
        paragraph = self.article.sentences[s][2]
        while not found and s > 0:
            s -= 1
            if self.article.sentences[s][2] < paragraph - 1:
                break
            mentions = self.by_sentence.get(s, [])
            found = _people(mentions)
        begin = self.article.sentences[s][0]
        m.candidates = tuple(found)
        # the subject that opens the sentence before, or this one before the pronoun: "Suter, who joked about Parise,
        # saw it. “…,” he said.": Suter; not past a sentence naming someone who may be a person ("…, Jolly said.")
        lead = self._sentence_subject(s, m.start) if count == 1 else None
        passed = self._mentions_in(self.article.sentences[s + 1][0], m.start) if s < m.sentence else []
        if lead is not None and (self.gender.get(lead, m.kind) != m.kind or any(_may_be_person(p) for p in passed)):
            lead = None
        if found and any(_may_be_person(p) and p.end <= m.start and (p.possessive or self._may_be_subject(p, begin)) for p in mentions):
            if lead is not None:  # a name that may be a person's stands elsewhere in that sentence, not as its subject
                return (lead,), ""
            return (), " or ".join(_label(w) for w in found) + " (or someone else named there)"
        if count == 1 and len(found) > 1:  # "she": not someone the text calls "Mr" or "spokesman"
            found = [w for w in found if self.gender.get(w) == m.kind] or [w for w in found if self.gender.get(w, m.kind) == m.kind] or found
        if count == 1 and len(found) > 1 and s < m.sentence and lead is not None and lead in found:
            return (lead,), ""
        if len(found) == count:
            return tuple(found), ""
        return (), " or ".join(_label(w) for w in found)

    def _sentence_subject(self, sentence: int, stop: int) -> Who | None:
        """The person a sentence opens with as its subject before ``stop`` (after an opening phrase and a comma, if any),
        when every other person it names stands in an aside after the subject or after a preposition
        ("Suter, who joked about Parise’s sticks, saw it"), never as an object ("Vask met Olsen")."""
        text = self.article.masked
        start = self.article.sentences[sentence][0]
        mentions = self.by_sentence.get(sentence, [])
        for i, p in enumerate(mentions):
            if p.start >= stop:
                return None
            # its titles, after an opening phrase and a comma (inside a quote too: "On “Face the Nation,” Sen. …")
            lead = re.sub(r"^.*[,”\"]\s*", "", text[start : p.start]).strip(" \t\n“\"‘'(").split()
            if any(not (w[0].isupper() or w.casefold() in ROLES | {"the", "a", "an"}) for w in lead) or lead and lead[0].casefold() in _PREPOSITIONS:
                return None  # a name in a phrase opening the sentence: "At a June Trump event"
            verb = _VERB_AFTER.match(text, p.end)
            # or a single name that nothing says is a person's, opening the sentence with a verb of saying or judging
            speaking = p.bare and p.refs[0].kind == "person" and not lead and verb is not None and verb.group(2) in _EXPRESSING
            if (p.person or speaking) and len(p.refs) == 1 and not p.possessive and self._may_be_subject(p, start) == 2:
                aside = _APPOSITION.match(text, p.end) or re.match(r",[^;:_“”\"]{1,160},", text[p.end : p.end + 162])
                aside_end = p.end + aside.end() if aside and aside.re is not _APPOSITION else (aside.end() if aside else p.end)
                others = [o for o in mentions[i + 1 :] if o.person and o.refs and o.refs[0] != p.refs[0]]
                if all(o.end <= aside_end or o.possessive or self._may_be_subject(o, start) == 0 for o in others):
                    return p.refs[0]
                return None
        return None

    def _by_title(self, m: _Mention) -> tuple[tuple[Who, ...], str]:
        found = [who for who, words in self.persons.items() if m.value in words]
        if len(found) == 1:
            return (found[0],), ""
        return (), " or ".join(_label(w) for w in found)

    # -- attribution -----------------------------------------------------------------

    def quoted(self) -> list[Quoted]:
        """Every quoted passage with its speakers, channel and date where the text gives them."""
        found: list[Quoted] = []
        quotes = self.article.quotes
        for index, q in enumerate(quotes):
            words = self.article.words(q)
            if words is None:
                continue
            start, end, quote = words
            item = Quoted(start, end, quote, sentence=self.article.sentence_of(q.start), paragraph=q.paragraph, runs_on=q.runs_on)
            following = quotes[index + 1].start if index + 1 < len(quotes) else len(self.article.text)
            self._attribute(item, q, following, found)
            before = next((f for f in reversed(found) if not f.title), None)  # a quotation goes on past a title
            if not item.speakers and not item.hint and before and before.speakers and self._goes_on(before, item, q):
                item.speakers, item.via = before.speakers, before.via
                item.how = "the quotation goes on from the one before it in the paragraph"
            elif not item.speakers and not item.hint and before and before.speakers and self._next_paragraph(before, item):
                item.speakers, item.via = before.speakers, before.via
                item.how = "the quotation goes on from the paragraph before"
            elif not item.speakers and not item.hint and (lead := self._paragraph_subject(item, found)) is not None:
                item.speakers = (lead,)
                item.how = f"the sentence before it is about {_label(lead)}"
            if item.speakers:
                for run in set(_RUN.findall(item.quote.casefold())):
                    self.spoken.setdefault(run, []).append(item)
            item.passage = self.article.passage(start, end, quote, q.paragraph)
            found.append(item)
        for item, after in zip(found[::-1][1:], found[::-1]):  # from the end: a quote may run on for paragraphs
            opens = self.article.opens_paragraph(after.start, after.paragraph)
            if item.runs_on and not item.speakers and not item.hint and after.paragraph == item.paragraph + 1 and opens:
                item.speakers, item.via = after.speakers, after.via
                item.how = "the quotation goes on in the next paragraph" if after.speakers else ""
        return found

    def _attribute(self, item: Quoted, q: Quote, following: int, earlier: list[Quoted]) -> None:
        text = self.article.masked
        start, end, _ = self.article.sentences[item.sentence]
        here = self.by_sentence.get(item.sentence, [])
        signed = self._signed(q)
        subject, cue = ([signed], None) if signed else self._subject_in(item.sentence, q, following)
        introduced = item.sentence > 0 and self._introduced(item, q)
        if not subject and introduced:  # "Cruz called them on it:" closing the paragraph before
            subject, cue = self._subject_in(item.sentence - 1, q, following)
        if not subject:
            cues = [c for c in _CUES.finditer(text, start, end) if c.group().islower()]
            subject = self._clause_subject(q, item.sentence, cues)
        if not subject and re.search(r":[\s“\"]*\Z", text[start : q.start]):
            subject = self._colon_subject(item.sentence, q.start)  # "Kasich resisted: “…”"
        elif not subject and introduced:
            subject = self._colon_subject(item.sentence - 1, self.article.sentences[item.sentence - 1][1])
        speakers: tuple[Who, ...] = ()
        if subject and len(subject) == 1 and subject[0].kind in ("he", "she") and not subject[0].refs:
            last = self._last_speaker(subject[0], item, earlier)
            if last is not None:  # "“…,” Olsen told Dahl. “…,” she added.": the one who spoke last
                speakers = (last,)
                item.how = f"“{text[subject[0].start : subject[0].end]}” is taken to be {_label(last)}, who spoke last"
                subject = None
        if subject:
            refs = [r for m in subject for r in m.refs]
            if all(m.refs and (not m.bare or self._beside(m, cue) or self._says(m)) for m in subject):
                speakers = tuple(dict.fromkeys(refs))
                how = [m for m in subject if m.kind in ("he", "she", "pair", "title", "single") and not m.bare or m.body]
                if how:
                    item.how = f"“{text[how[0].start : how[0].end]}” is taken to be " + " and ".join(_label(w) for w in speakers)
            else:
                item.hint = "; ".join(m.hint or text[m.start : m.end] for m in subject if not m.refs or m.bare)
        elif cue is not None and cue.start() == _first_word(text, start) and cue.group().endswith("ing"):
            # the last quote of the sentence before with a speaker (walking back no further than that sentence)
            before = next((e for e in reversed(earlier) if e.sentence < item.sentence - 1 or e.sentence == item.sentence - 1 and e.speakers), None)
            if before and before.sentence == item.sentence - 1 and before.paragraph == item.paragraph:
                speakers = before.speakers
                item.how = "the sentence goes on from the one before"
        if not speakers and (not item.hint or item.hint == "they"):
            body = self._body_pronoun(item, q, earlier)
            if body is not None:  # "“…,” the Kerrow harbour board said. “…,” it added."
                speakers, item.hint = (body,), ""
                item.how = f"“{_IT_SAID.match(text, q.end).group(1)}” is taken to be {_label(body)}"  # type: ignore[union-attr]
        if not speakers and not item.hint:
            echo = self._echoed(item)
            if echo:
                speakers = echo.speakers
                item.how = "it repeats words of an earlier quote"
        item.speakers = tuple(s for s in speakers if s.kind != "media" or not cue or cue.group() not in _REPORTING)
        item.via = self._channel(here, item, earlier)
        if cue is not None and cue.group() in _REPORTING and not item.speakers and speakers:
            item.via = item.via or speakers[0]
        named = re.search(r"\b(?:the|a|an|its|his|her|their)\s+\Z", text[max(start, q.start - 10) : q.start]) and _NAMED_THING.match(text, q.end - 1)
        on_title = re.search(r"\b[Oo]n\s+\Z", text[max(start, q.start - 5) : q.start]) and self.article.text[q.inner[0] : q.inner[0] + 1].isupper()
        if _WORK_BEFORE.search(text, max(start, q.start - 40), q.start) or named or on_title:
            item.speakers, item.how, item.hint, item.title = (), "", "", True  # "on BNN’s “Harbour Hour”", "dubbed the “Hanoi Hilton”": a title
        said = said_on(text[start:end], self.published)
        if said is not None:
            item.said, item.said_note = said.day, said.note

    def _subject_in(self, sentence: int, q: Quote, following: int) -> tuple[list[_Mention] | None, re.Match | None]:
        """Who a sentence says spoke a quote (its own sentence or the one introducing it), and the word of saying."""
        text = self.article.masked
        start, end, _ = self.article.sentences[sentence]
        here = self.by_sentence.get(sentence, [])
        for m in here:  # "Name: “...”" (as in headlines), "Rep. Ada Lind (D-Kerrow): “…”" (as in transcripts)
            if m.end <= q.start and re.fullmatch(r"\s*(?:\([^()_]{0,30}\))?\s*:\s*", text[m.end : q.start]) and self._may_be_subject(m, start) == 2:
                return [m], None
        cues = [c for c in _CUES.finditer(text, start, end) if c.group().islower() or c.start() == _first_word(text, start)]
        cue = None
        for option, after in self._cues_for(q, cues, following, end):
            cue = cue or option
            subject = self._subject(option, after, q, here, start)
            if subject:
                return subject, option
        for option in [c for c in cues if c.end() <= q.start][-3:-1][::-1]:
            # an earlier word of saying, when nobody but its subject is named after it: "Roberts said Friday
            # that she thinks ... but said “…”", "Mulgrew said he hopes the day sends a message that “…”"
            subject = self._subject(option, False, q, here, start)
            refs = {r for m in subject or [] for r in m.refs}
            between = [m for m in self._mentions_in(option.end(), q.start) if m.kind != "other"]
            if subject and refs and not any(self._may_speak_instead(m, refs) for m in between):
                return subject, option
        according = [m for m in here if _ACCORDING.search(text[start : m.start]) and not _is_medium(m)]
        return according[:1] or None, cue

    def _may_speak_instead(self, m: _Mention, refs: set[Who]) -> bool:
        """Whether a name after a word of saying may speak the words that follow in its place: a pronoun
        that may stand for someone else, or a name with a verb that utters or judges words ("Ada Lind said
        Tom Vale thinks …"); not an object, a place or a medium told ("Cruz said in Buffalo, New York, that …",
        "Trump told the Washington Post in a statement, “…”"), nor a pronoun of the subject ("… that she thinks")."""
        text = self.article.masked
        if m.kind in ("he", "she", "they"):
            return not (m.refs and set(m.refs) <= refs or not m.refs and refs & set(m.candidates))
        if _TOLD_BEFORE.search(text, max(0, m.start - 20), m.start):
            return False
        verb = _VERB_AFTER.match(text, m.end)
        return bool(verb and (verb.group(2) in _EXPRESSING or _CUES.fullmatch(verb.group(2))))

    def _clause_subject(self, q: Quote, sentence: int, cues: list[re.Match]) -> list[_Mention] | None:
        """The subject of the clause a quote stands in, when the sentence has no other word of saying:
        a name that opens the clause (the sentence, or after a comma or a word like "while") and a verb
        after it, "Trump blamed the shootings on “sickos”", "In April, Clinton called the plan “a disgrace”";
        never an agent after "by" ("was asked by Maher, “…”")."""
        text = self.article.masked
        start = self.article.sentences[sentence][0]
        for m in self.by_sentence.get(sentence, []):
            if m.end > q.start:
                break
            before = _LAST_WORD.search(text, max(start, m.start - LOOK_BACK), m.start)
            opens = before is None or before.group(1)[-1] in ",;—–" or before.group(1) in _CLAUSE_OPENERS or self._titled_lead(m, start)
            verb = _VERB_AFTER.match(text, m.end)
            if not opens or not verb or verb.group(2) in _PREPOSITIONS | _SUBJECT_BEFORE | ROLES | _GROUPS:
                continue
            joined = self._joined_verbs(verb.end(), q.start, _LISTED) | self._joined_verbs(q.end, self.article.sentences[sentence][1], _JOINED)
            if verb.group(2) not in _EXPRESSING and not any(v < q.start for v in joined):
                return None  # "Olsen watched “The Harbour Years”": no words of hers
            if not (m.person and m.kind in ("he", "she") or _named_speaker(m)) or m.bare or m.possessive:
                return None
            passive = verb.group(1) and verb.group(2).endswith("ed")  # "was accused", "is backed"
            # another word of saying, but not one of the same subject: "… on “sickos” and suggested …"
            said = [c for c in cues if c.start() > verb.start(2) and c.start() not in joined]
            if passive or said or re.search(r"\bby\b", text[verb.end() : q.start]):
                return None  # another word of saying, whose subject was not found; or a passive
            return [m]
        return None

    def _joined_verbs(self, begin: int, stop: int, joint: re.Pattern) -> set[int]:
        """Where the verbs that utter or judge words stand that ``joint`` ("and", "but", a comma) joins to
        a predicate running from ``begin``, and so share its subject: "Carson took the stage and called the
        system “…”", "Bush referred to Rubio as “…” but described his skills as “…”"; up to a clause of
        another subject ("…, who called it") or a name after a verb that opens one ("said Rubio")."""
        text = self.article.masked
        found = set()
        for word in _WORD.finditer(text, begin, stop):
            gap = text[begin : word.start()]
            if _OTHER_CLAUSE.search(gap) or any(self._after_says_that(m, begin) for m in self._mentions_in(begin, word.start())):
                break
            if word.group() in _EXPRESSING and joint.search(gap):
                found.add(word.start())
        return found

    def _after_says_that(self, m: _Mention, begin: int) -> bool:
        """Whether a name right after a verb like "said" opens a clause of its own ("said Rubio can win")."""
        prev = _LAST_WORD.search(self.article.masked, begin, m.start)
        return bool(prev and prev.group(1) in _SAYS_THAT)

    def _body_pronoun(self, item: Quoted, q: Quote, earlier: list[Quoted]) -> Who | None:
        """The body that "it" or "they" right after a quote stands for, beside its word of saying
        ("“…,” it added."): the body that spoke the quote before, in this paragraph or the one before
        (or the one before that, when it names no other body), or else the body that opens the sentence
        before, when no person is named since."""
        text = self.article.masked
        said = _IT_SAID.match(text, q.end)
        if not said or not _CUES.fullmatch(said.group(2)):
            return None
        floor = item.paragraph - 1
        before = earlier[-1] if earlier else None
        if before and before.paragraph >= floor - 1 and len(before.speakers) == 1 and before.speakers[0].kind == "organization":
            body, since = before.speakers[0], self._mentions_in(before.end, q.start)
            other_body = [m for m in since if m.refs and m.refs[0].kind == "organization" and m.refs[0] != body and not m.bare]
            if any(m.person for m in since):
                return None
            if not (before.paragraph < floor and other_body):
                return body  # not past a paragraph naming another body: that one may be it
        if item.sentence == 0:
            return None
        sentence = item.sentence - 1
        begin = self.article.sentences[sentence][0]
        if self.article.sentences[sentence][2] < floor:
            return None
        mentions = self._mentions_in(begin, q.start)
        # the first name, or a body in apposition to the subject: "The company that runs the AMAs, Dick Clark Productions, denies"
        apposed = next((m for m in mentions if _APPOSED_BODY.fullmatch(text, begin, m.start) and text.startswith(",", m.end)), None)
        first = apposed or (mentions[0] if mentions else None)
        if first is None or first.possessive or len(first.refs) != 1 or first.refs[0].kind != "organization" or any(m.person for m in mentions):
            return None
        lead = re.sub(r"^.*,\s*", "", text[begin : first.start]).strip(" \t\n“\"‘'(").split()
        verb = _VERB_AFTER.match(text, first.end + 1 if first is apposed else first.end)  # past the comma closing an apposition
        if any(w.casefold() not in ("the", "a", "an") for w in lead) or not verb or verb.group(2) in _PREPOSITIONS | ROLES | _GROUPS:
            return None
        return first.refs[0]

    def _colon_subject(self, sentence: int, stop: int) -> list[_Mention] | None:
        """The subject of a sentence that ends with a colon before a quote, whatever its verb: "Kasich
        resisted: “…”", "Perez lobbies for a higher wage: “…”"; when it names no one else who may
        be speaking and has no clause of another subject ("…, and the crowd chanted:")."""
        text = self.article.masked
        start = self.article.sentences[sentence][0]
        colon = text.rfind(":", start, stop)
        if colon < 0 or re.search(r"[^\s“\"]", text[colon + 1 : stop]):
            return None
        here = [m for m in self.by_sentence.get(sentence, []) if m.end <= colon]
        for i, m in enumerate(here):
            before = _LAST_WORD.search(text, max(start, m.start - LOOK_BACK), m.start)
            opens = before is None or before.group(1)[-1] == "," and not re.search(r"[,;]", text[start : before.start()]) or self._titled_lead(m, start)
            verb = _VERB_AFTER.match(text, m.end)
            if not opens or not verb or verb.group(2) in _PREPOSITIONS | _SUBJECT_BEFORE | ROLES | _GROUPS or verb.end() > colon:
                if opens and verb and verb.group(2) in ROLES | _GROUPS:
                    continue  # "A Plus reporter Isaac Saul tweeted:"
                return None
            if not _named_speaker(m) or m.bare or m.possessive or len(m.refs) != 1 or verb.group(1):
                return None  # a passive, "was asked:", is not the subject's words
            rest = text[verb.end() : colon]
            if re.search(r"[,;—–]\s*(?:and\s+|but\s+)?(?:the|a|an|his|her|their|its|some|many|[A-Z])|\b(?:and|but|while|as|when)\s+(?:the|a|an|his|her|their|he|she|they)\b", rest):
                return None  # another clause: "…, and the crowd chanted:"
            if any(o.person or o.kind in ("he", "she", "they", "group") for o in here[i + 1 :] if not o.possessive):
                return None
            return [m]
        return None

    def _signed(self, q: Quote) -> _Mention | None:
        """The name signing a quotation after a dash, closing its sentence or paragraph:
        "“…” ― Ada Lind", "“…” - Sen. Tom Vale, tweeting ..."; never after two hyphens (a byline: "--Ada Lind")."""
        text = self.article.masked
        dash = _SIGNED.match(text, q.end)
        if not dash:
            return None
        for m in self._mentions_in(dash.end(), dash.end() + 40):
            if m.kind not in ("actor", "name", "single") or len(m.refs) != 1 or m.refs[0].kind != "person" or m.possessive:
                return None
            if not _TITLES_ONLY.fullmatch(text, dash.end(), m.start) or not _SIGNATURE_END.match(text, m.end):
                return None
            return m
        return None

    def _titled_lead(self, m: _Mention, start: int) -> bool:
        """Whether only titles and role words stand before a name in its clause: "Former Arizona
        governor Jan Brewer calls ...", "Clinton campaign spokesman Brian Fallon responded ..."."""
        text = self.article.masked
        lead = re.split(r"[,;:—–(]|\s[-–]\s", text[start : m.start])[-1].strip(" \t\n“\"‘'").split()
        if not lead or lead[-1].casefold() not in ROLES or len(lead) > 6:
            return False
        return all(w[0].isupper() or w.casefold() in ROLES | {"the", "former", "campaign", "state", "senior", "deputy", "assistant", "vice"} for w in lead)

    def _introduced(self, item: Quoted, q: Quote) -> bool:
        """Whether a quote opens a paragraph that is nothing else, after a paragraph ending with a colon."""
        if item.paragraph == 0 or not self.article.opens_paragraph(item.start, item.paragraph):
            return False
        _, stop = self.article.snapshot.spans[item.paragraph]
        _, last = self.article.snapshot.spans[item.paragraph - 1]
        text = self.article.masked
        return text[:last].rstrip().endswith(":") and not re.search(r"[^\W_]", text[q.end : stop])

    def _last_speaker(self, m: _Mention, item: Quoted, earlier: list[Quoted]) -> Who | None:
        """Of the people a pronoun may refer to, the one who spoke the quote before, in this paragraph
        or the one before, when the titles leave them that pronoun ("she": not "Mr Vask")."""
        before = earlier[-1] if earlier else None
        if before is None or len(before.speakers) != 1 or before.paragraph < item.paragraph - 1:
            return None
        who = before.speakers[0]
        if who not in m.candidates or who.kind != "person" or self.gender.get(who, m.kind) != m.kind:
            return None
        since = self.article.sentences[before.sentence][0]
        if any(set(p.refs) - {who} and self._speaks(p) for p in self._mentions_in(since, m.start) if p.kind not in ("he", "she", "they")):
            return None  # "Dahl met Olsen, who called it “a win.” She said ...": Dahl leads that sentence
        return who

    def _goes_on(self, before: Quoted, item: Quoted, q: Quote) -> bool:
        """Whether a quote that names no speaker goes on from the quote before it: in the same
        paragraph, opening a sentence that has no word of saying, with nobody else named in between."""
        if before.paragraph != item.paragraph:
            return False
        text = self.article.masked
        if not re.search(r"[.!?][”\"’]*\s*\Z", text[before.end : q.start]):
            return False  # the quote opens a sentence of its own
        stop = self.article.snapshot.spans[item.paragraph][1]
        ends = q.inner[1] > q.inner[0] and self.article.text[q.inner[1] - 1] in ".!?"  # “… at the time.”
        rest = None if ends else re.match(r"[^.!?“\"]*", text[q.end : stop])
        if rest and _CUES.search(rest.group()):
            return False  # its own words of saying follow it
        between = [m for m in self._mentions_in(before.end, q.start) if m.kind not in ("he", "she", "they", "other")]
        return all(m.refs and set(m.refs) <= set(before.people) for m in between if self._speaks(m))

    def _mentions_in(self, start: int, end: int) -> list[_Mention]:
        """The mentions that start between two offsets (found by bisection: drafting stays linear)."""
        return self.mentions[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def _next_paragraph(self, before: Quoted, item: Quoted) -> bool:
        """Whether a paragraph that is a quotation and nothing else, with no word of saying, goes on
        from the last quote of the paragraph before it, when nobody else spoke after that quote."""
        if item.paragraph != before.paragraph + 1 or not self._quotation_only(item):
            return False
        _, end = self.article.snapshot.spans[before.paragraph]
        after = [m for m in self._mentions_in(before.end, end) if m.kind not in ("he", "she", "they", "other")]
        return all(m.refs and set(m.refs) <= set(before.people) for m in after if self._speaks(m))

    def _quotation_only(self, item: Quoted) -> bool:
        """Whether a quote opens a paragraph that is a quotation and nothing else, with no word of saying."""
        if not self.article.opens_paragraph(item.start, item.paragraph):
            return False
        text = self.article.masked
        begin, stop = self.article.snapshot.spans[item.paragraph]
        return not (_CUES.search(text, begin, stop) or re.search(r"[^\W_]", text[begin:stop]))

    def _paragraph_subject(self, item: Quoted, earlier: list[Quoted]) -> Who | None:
        """For a paragraph, or a sentence, that is a quotation and nothing else, after a sentence that quotes
        nobody (titles aside), the person who opens that sentence as its subject: "Valastro praised Christie’s
        leadership. ¶ “We need someone who …”" is Valastro's."""
        sentence = item.sentence - 1
        if sentence < 0:
            return None
        begin, end, paragraph = self.article.sentences[sentence]
        if paragraph == item.paragraph:
            text = self.article.masked
            own_start, own_end, _ = self.article.sentences[item.sentence]
            if _CUES.search(text, own_start, own_end) or re.search(r"[^\W_]", text[own_start:own_end]):
                return None  # words of its own beside the quotation
        elif paragraph != item.paragraph - 1 or not self._quotation_only(item):
            return None
        if any(e.end > begin for e in earlier if not e.title):
            return None  # that sentence quotes someone: the quotation goes on from it, or not
        return self._sentence_subject(sentence, end) or self._closing_speaker(sentence)

    def _closing_speaker(self, sentence: int) -> Who | None:
        """The person beside a word of saying that closes a sentence: "The board may act, Schiff said."."""
        text = self.article.masked
        begin, end, _ = self.article.sentences[sentence]
        cues = list(_CUES.finditer(text, begin, end))
        cue = cues[-1] if cues else None
        if cue is None or not cue.group().islower() or not self._closes_sentence(cue, end):
            return None
        beside = [m for m in self.by_sentence.get(sentence, []) if m.person and len(m.refs) == 1 and not m.possessive and self._beside(m, cue)]
        return beside[0].refs[0] if len(beside) == 1 and beside[0].refs[0].kind == "person" else None

    def _speaks(self, m: _Mention) -> bool:
        """Whether a name may be the subject of the words that follow it: it opens a sentence
        or a word of saying follows it ("Dahl disagreed.", "Olsen said")."""
        text = self.article.masked
        opens = not text[self.article.sentences[m.sentence][0] : m.start].strip(" \t\n“\"‘'(")
        following = _NEXT_WORD.match(text, m.end)
        return opens or bool(following and _CUES.fullmatch(following.group(1)))

    def _says(self, m: _Mention) -> bool:
        """Whether a word of saying follows a name as its verb: "Brenner said", "Brenner has said"."""
        verb = _BESIDE_BEFORE.match(self.article.masked, m.end)
        return bool(verb and _CUES.match(self.article.masked, verb.end()))

    def _beside(self, m: _Mention, cue: re.Match | None) -> bool:
        """Whether a name stands right beside its verb: "Barkley said", "said Barkley", "Barkley, 49, said"."""
        if cue is None:
            return True
        text = self.article.masked
        if m.end <= cue.start():
            return bool(_BESIDE_BEFORE.fullmatch(text, m.end, cue.start()))
        return bool(re.fullmatch(r"[\s,]*", text[cue.end() : m.start]))

    def _echoed(self, item: Quoted) -> Quoted | None:
        """The last earlier quote with a speaker that holds ``item``'s words, each of its runs of word
        characters whole: looked for only among the quotes that hold its rarest run."""
        folded = item.quote.casefold()
        runs = set(_RUN.findall(folded))
        candidates = min((self.spoken.get(run, []) for run in runs), key=len, default=[])
        return next((e for e in reversed(candidates) if folded in e.quote.casefold()), None)

    def _cues_for(self, q: Quote, cues: list[re.Match], following: int, end: int) -> list[tuple[re.Match, bool]]:
        """The words of saying that may go with a quote, the likeliest first, each with whether it stands
        after the quote: one right after it (before the next quote), the last one before it, and one
        closing the sentence ("…, Gilbert said.") that every quote before it may belong to."""
        inner_end = self.article.text[q.inner[1] - 1 : q.inner[1]]
        text = self.article.masked
        after = [c for c in cues if q.end <= c.start() < following]
        before = [c for c in cues if c.end() <= q.start]
        found: list[tuple[re.Match, bool]] = []
        if after:
            gap = text[q.end : after[0].start()]
            attached = inner_end in (",", "?", "!") or gap.lstrip().startswith((",", "—", "–", "-"))
            own_clause = not attached and re.search(r"\b(?:while|but|and|as|when|because|although|though|whereas|after|before|since|yet)\b", gap)
            words = _APPOSED.sub(" ", gap, count=1)  # "…,” Robert Vale, attorney for one of the groups, said"
            if (attached or not before) and len(words.split()) <= 8 and ";" not in gap and not own_clause:
                found.append((after[0], True))
        if before:
            found.append((before[-1], False))
        closing = next((c for c in reversed(cues) if c.start() >= q.end), None)
        if closing is not None and all(c is not closing for c, _ in found) and self._closes_sentence(closing, end):
            found.append((closing, True))
        return found

    def _closes_sentence(self, cue: re.Match, end: int) -> bool:
        """Whether a word of saying stands in a clause of its own that closes its sentence, after a
        comma, dash or quotation: ", Gilbert said.", "…,” Comey has said in an interview."."""
        text = self.article.masked
        head = text[max(0, cue.start() - 120) : cue.start()]
        mark = max(head.rfind(","), head.rfind("—"), head.rfind("–"), head.rfind("”"), head.rfind('"'))
        if mark < 0:
            return False
        begin = cue.start() - len(head) + mark + 1
        return bool(_CLOSING_SUBJECT.fullmatch(text, begin, cue.start()) and _CLOSING_REST.fullmatch(text, cue.end(), end))

    def _subject(self, cue: re.Match, after: bool, q: Quote, here: list[_Mention], start: int) -> list[_Mention] | None:
        text = self.article.masked
        word = cue.group()
        if after and re.fullmatch(r"[\s,—–\-]*", text[q.end : cue.start()]):
            chain = self._named_after(cue, here, len(text))  # "…,” said Mara Olsen", "said Concord resident Whit Symms"
            if chain:
                return chain
        if not after and re.fullmatch(r"[\s_“”\"',.!?—–\-]*", text[start : cue.start()]):
            chain = self._named_after(cue, here, q.start)  # "“…,” said Sherman, speaking of politicians, “and …”"
            if chain:
                return chain
        if word.casefold() in _NOUNS_AFTER_POSSESSIVE:
            for m in here:  # "Putin’s remarks that “…”", "Dahl’s claim that ..."
                if m.possessive and m.end <= cue.start() and len(text[m.end : cue.start()].split()) <= 1:
                    return [m]
        passive = not word.endswith("ing") and word.casefold() != "quoted"  # not "Trump is promising …"
        if passive and re.search(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", text[start : cue.start()]):
            # a passive: "Sanders was asked by host Bill Maher, “…”" is Maher's; "Lind was praised for …" nobody's
            agent = re.match(r"\s+by\s+", text[cue.end() : cue.end() + 8])
            return (self._named_after(cue, here, len(text), skip=agent.end()) or None) if agent else None
        as_saying = re.search(r"\bas\s+$", text[start : cue.start()])
        if as_saying:  # "BNN quoted Vask as saying ..."
            for m in reversed(here):
                if m.end <= start + as_saying.start():
                    return [m] if self._may_be_subject(m, start) else None
        lower = q.end if after else start
        if word.endswith("ing") and (re.search(r"(?:,[”\"’]*|\bby)\s*$", self.article.text[start : cue.start()]) or cue.start() == _first_word(text, start)):
            # "Putin made vows, promising …", "Obama responded by saying …": the subject of the main clause
            for m in here:
                if m.end <= cue.start() and self._may_be_subject(m, start) == 2 and (m.refs or m.kind != "single"):
                    return self._with_coordinates(m, here, start)  # not "Hours later, Trump ..., telling"
            return None
        candidates = [m for m in here if lower <= m.start and m.end <= cue.start()]
        if after and candidates and self._opens_closing_clause(candidates[0], q):
            return [candidates[0]]  # "“…,” study lead author Lucas Paganini, a scientist at …, Maryland, and …, said"
        for m in candidates:  # "Cheuk Hau-yip, the commander of Kowloon West district, said"
            if m.kind in ("actor", "name", "single") and re.fullmatch(_OF_PLACE + r"?\s*(?:\([^()_]{0,30}\))?(?:\s*,[^;:_“”\"]{1,160},)?\s*", text[m.end : cue.start()]):
                if self._may_be_subject(m, start) == 2 and (m.person or m.refs and m.refs[0].kind == "person"):
                    return [m]
        soft = None  # the nearest name after a word that may be a verb ("gave Putin") or a title ("harbour master Berg")
        for m in reversed(candidates):
            level = self._may_be_subject(m, start)
            if not level:
                continue
            gap = re.sub(r"^\s*(?:,[^,;:]{1,80},|\([^)]*\)|,\s*(?:who|which)\b)", " ", text[m.end : cue.start()])
            if gap.strip() != "," and re.search(r"[,;:]", gap) or len(gap.split()) > 6 or _OWN_SUBJECT.search(gap):
                break
            named = [p for p in here if p.end <= m.start and re.fullmatch(r"\s*,\s*", text[p.end : m.start])]
            if m.kind == "title" and named and self._may_be_subject(named[-1], start):
                return [named[-1]]  # "Dahl, the opposition leader, said"
            if level == 2 or not gap.strip() and self._after_noun(m, start) and word.casefold() not in _SPEECH_NOUNS:
                # "portfolio manager Bonnie Baha said", not "gave Putin wishes"
                return self._with_coordinates(m, here, start)
            if re.match(r"\s*,\s*who\b", text[m.end : cue.start()]):
                soft = soft or m  # "Olsen dismissed Dahl, who called the plan ..."
        return [soft] if soft else None

    def _opens_closing_clause(self, m: _Mention, q: Quote) -> bool:
        """Whether a person's name, after its role words, opens the clause right after a quote and an aside
        follows it: "“…,” study lead author Lucas Paganini, a planetary scientist at …, said"."""
        text = self.article.masked
        lead = text[q.end : m.start].replace(",", " ").split()
        roles = all(w.casefold() in ROLES | _ROLE_QUALIFIERS or w[0].isupper() for w in lead)
        return m.person and m.kind in ("actor", "name") and roles and (not lead or lead[-1].casefold() in ROLES) and text.startswith(",", m.end)

    def _may_be_subject(self, m: _Mention, start: int) -> int:
        """2 when a mention may be the subject of a clause, 1 when perhaps, 0 when not."""
        text = self.article.masked
        if m.possessive or m.kind == "other" or m.refs and m.refs[0].kind == "state" and m.refs[0].id is None and " " in m.refs[0].name:
            return 0  # "Dean Johnson, a salesman from Sumter, South Carolina, says": a place the registry lacks
        following = _FOLLOWING_WORD.match(text, m.end)
        if following and following.group(1) in ROLES | _GROUPS:
            return 0  # "Kremlin officials", "the Arland parliament"
        prev = _LAST_WORD.search(text, max(start, m.start - LOOK_BACK), m.start)
        if not prev:
            return 2
        word = prev.group(1)
        if word in _TOLD_WORDS:
            return 0  # "Cook told Benioff": its object
        if word.casefold() in ("the", "a", "an"):  # "president of the Log Cabin Republicans"
            before = _LAST_WORD.search(text, max(start, prev.start() - LOOK_BACK), prev.start())
            if before and (before.group(1).casefold() in _PREPOSITIONS or before.group(1) in _TOLD_WORDS or before.group(1).endswith("-based")):
                return 0  # "told the Kerrow Courier in a statement", "In a Tumblr post"
        if word.endswith("-based") or word.casefold() in _PREPOSITIONS:
            return 0  # "In Kerrow, …"
        if word[-1] in ",;:(—–-\"”" or word[0].isupper() or word in _SUBJECT_BEFORE | _SAYS_THAT or word in ROLES:
            return 2
        return 0 if word in _PREPOSITIONS else 1

    def _named_after(self, cue: re.Match, here: list[_Mention], stop: int, skip: int = 0) -> list[_Mention]:
        """The name right after a verb of saying (and ``skip`` characters), the last of a run of words
        that qualify it: "said Mara Olsen", "said Concord resident Whit Symms", "asked by host Bill Maher"."""
        text = self.article.masked
        chain: list[_Mention] = []
        for m in here:
            if m.start < cue.end() + skip:
                continue
            if m.end > stop:
                break
            gap = re.sub(r"^[’']s?\b", "", text[(chain[-1].end if chain else cue.end() + skip) : m.start])
            gap = _ABBREVIATED_TITLE.sub(" ", gap)  # "said Sen. Lindsey Graham"
            words = gap.split()
            if len(words) > 4 or re.search(r"[,.;:()—–_]", gap) or any(w in _PREPOSITIONS or w in _SUBJECT_BEFORE - {"the"} for w in words):
                break
            chain.append(m)
        return [] if chain and chain[-1].possessive else chain[-1:]  # "said Clinton’s aide": not Clinton

    def _after_noun(self, m: _Mention, start: int) -> bool:
        """Whether the word before a name may be a noun it qualifies ("manager Bonnie Baha"), not a verb ("gave Putin")."""
        prev = _LAST_WORD.search(self.article.masked, max(start, m.start - LOOK_BACK), m.start)
        return not prev or not re.search(r"(?:ed|gave|told|made|took|met|let|saw|sent|left)$", prev.group(1))

    def _with_coordinates(self, m: _Mention, here: list[_Mention], start: int) -> list[_Mention]:
        """"Putin and Kim said": every subject joined by "and"."""
        text = self.article.masked
        found = [m]
        earlier = [p for p in here if p.end <= m.start]
        while earlier:
            p = earlier.pop()
            joint = r"\s*(?:and|,\s*and)\s*" if len(found) == 1 else r"\s*(?:,|and|,\s*and)\s*"  # "Instead, Trump said": one
            if re.fullmatch(joint, text[p.end : found[0].start]) and self._may_be_subject(p, start) == 2:
                found.insert(0, p)
            else:
                break
        return found

    def _channel(self, here: list[_Mention], item: Quoted, earlier: list[Quoted]) -> Who | None:
        text = self.article.masked
        start = self.article.sentences[item.sentence][0]
        media = [
            m for m in here
            if _is_medium(m) and m.refs and m.refs[0] not in item.speakers
            and (_CHANNEL_BEFORE.search(text[max(start, m.start - 60) : m.start]) or _CHANNEL_AFTER.match(text, m.end))
        ]
        if media:
            return min(media, key=lambda m: abs(m.start - item.start)).refs[0]
        told = [m for m in here if m.refs and m.refs[0] not in item.speakers and self._told(m, start)]
        if item.speakers and told:  # "told Northwick FM", "in a statement to the Argus Leader", "on CNBC's “Trading Nation”"
            m = min(told, key=lambda m: abs(m.start - item.start))
            if m.refs[0].id:
                return m.refs[0]
            known = [i for i, a in self.registry.items() if a.kind == "media" and _fold_name(a.name).endswith(" " + _fold_name(m.value))]
            if len(known) == 1:  # "the Courier": the registry's "The Arland Courier"
                return Who(self.registry[known[0]].name, known[0], "media")
            article = re.search(r"\bThe\s+\Z", text[max(start, m.start - 5) : m.start])
            return Who(("The " if article else "") + m.value, kind="media")
        before = earlier[-1] if earlier and earlier[-1].paragraph == item.paragraph else None  # quotes come in order
        if before and item.speakers and before.speakers == item.speakers:
            return before.via
        return None

    def _told(self, m: _Mention, start: int) -> bool:
        """Whether a name is the medium words were told to: "told the BBC", "in an interview with
        Northwick FM", "on CNBC's programme"; never a person ("told Benioff")."""
        who = m.refs[0]
        text = self.article.masked
        before = text[max(start, m.start - 50) : m.start]
        if _TOLD.search(before):
            the = bool(re.search(r"\bthe\s+\Z", before, re.I))
            if who.kind == "media" or who.id is None and (who.kind in ("organization", "media") or the or who.name.isupper() or who.name in ("Reuters", "Bloomberg")):
                return not m.person or who.kind == "media"
            return False
        return bool(_ON_PROGRAMME.search(before) and re.match(r"[’']s\s+(?:[a-z]+\s+)?(?:programme|program|show|podcast|broadcast|[“\"])", text[m.end : m.end + 40]))

    def dates(self) -> list[str]:
        """The dates the article states, as written (with the ISO date when the year is given)."""
        return stated(self.article.text)

    def actor_ids(self) -> list[str]:
        return list(dict.fromkeys(m.value for m in self.mentions if m.kind == "actor"))


def _name_pattern(name: str) -> str:
    parts = [re.escape(p).replace("'", "['’]").replace("’", "['’]") for p in re.split(r"[\s\-‐‑–]+", name) if p]
    return r"[\s\-‐‑–]+".join(parts)


def _fold_name(name: str) -> str:
    return " ".join(re.split(r"[\s\-‐‑–]+", name.replace("’", "'"))).casefold()


def _ends(name: str) -> set[str]:
    """The words of a name that stand for it alone: its first and its last, suffixes and initials aside."""
    parts = [p for p in name.replace(".", " ").split() if p not in _SUFFIXES and not (len(p) == 1 and p.isupper())] or name.split()
    return {parts[0], parts[-1]}


def _describes(token: str) -> bool:
    """Whether a capitalised word qualifies the name after it: a title, a role or a nationality."""
    return token.rstrip(".") in _TITLES or token in QUALIFIERS or token.casefold() in ROLES


def _kind_of(tokens: list[str]) -> str:
    words = set(tokens)
    if words & _MEDIA_WORDS:
        return "media"
    if words & _ORG_WORDS:
        return "organization"
    if words & _PLACE_WORDS:
        return "state"
    return "person"


def _kind_of_single(word: str) -> str:
    """The kind of actor a single name stands for: an acronym ("WHO", "DEA") is a body."""
    if word in _MEDIA_WORDS:
        return "media"
    return "organization" if word.isupper() and len(word) > 1 else _kind_of([word])


def _is_medium(m: _Mention) -> bool:
    return bool(m.refs) and len(m.refs) == 1 and m.refs[0].kind == "media"


def _people(mentions) -> list[Who]:
    found: dict[Who, None] = {}
    for m in mentions:
        if m.person and m.refs:
            for who in m.refs:
                if who.kind == "person":
                    found.setdefault(who)
    return list(found)


def _may_be_person(m: _Mention) -> bool:
    """A name that may be a person's though nothing says so ("Ryan Suter, who joked ..."): a pronoun
    after it may refer to it, so it leaves a pronoun in doubt."""
    if m.kind == "single":
        return m.bare and m.refs[0].kind == "person"  # not "EU", "NASA"
    return m.kind == "name" and not m.person and bool(m.refs) and m.refs[0].kind == "person"


def _label(who: Who) -> str:
    return who.id or who.name


def _first_word(text: str, start: int) -> int:
    m = re.compile(r"[^\W\d_]").search(text, start)
    return m.start() if m else start
