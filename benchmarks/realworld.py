"""A benchmark corpus of real article text in real files, with known stories.

Sources are the article texts of ``../shared/data/semeval-train/training_set.csv`` (every
language in it). Machine-translated copies (ids with a language suffix) are left out, and so
are texts of fewer than 50 words. **Reprints among the sources are set aside first:** two
source articles whose word 5-gram sets share more than a tenth of the smaller set are linked
(union-find), and of each linked group only the article with the most words is kept. The
sources left are distinct stories, so the true clusters are exactly the copies made here.

Each story is published once by an outlet of its language and, for about a fifth of the
stories, copied by other outlets (and sometimes copied again from a copy, carrying its edits
along) with the edits real copies get (``EDIT_NAMES``): a new headline, trims from the end,
briefs of the lead, appended updates, an unrelated teaser or a whole second story appended
(a bad feed), an outlet's intro line, light rewording, lost punctuation and accents, quote
styles, OCR-like character noise and hard wraps. Every document, originals included, is then
rendered in its outlet's house style: site chrome (navigation crumbs, share lines,
"Advertisement", bylines, copyright and newsletter lines, some of it in forms the reader
recognises and some not), a house footer shared by all of the outlet's unrelated stories for
a third of the outlets (hard negatives), and a file format: about 60% ``.txt``, 10% ``.md``,
20% ``.html`` (saved pages with menus, scripts, related links and comments), 6% ``.json`` and
4% ``.jsonl`` feeds, some in cp1252 and UTF-16. Files are laid out one folder per outlet.

Larger corpora than the sources allow (more stories than sources) derive new stories from a
source by rewording it: its names and numbers replaced consistently by others from the same
language's real vocabulary, at least two words of every sentence and a third of the rest
replaced, and its sentences reordered. No sentence is then shared verbatim by unrelated
stories, so none turns into corpus boilerplate; shared text between stories is only what the
outlets put there on purpose (footers, chrome, teasers).

When the CSV is absent, say so and use the synthetic corpus's originals
(:mod:`corpus`) as sources instead: the same edits and files, over synthetic words.

Deterministic by ``seed`` on any machine (string-seeded Mersenne Twister, no set iteration);
documents are generated story by story and streamed to disk, so 1,000,000 need no more memory
than 1,000.

    >>> docs = list(generate(40, seed=1, sources=synthetic_sources(30)))
    >>> len(docs), len({d.id for d in docs}), docs[0].edits
    (40, 40, ('original',))

Command line::

    python benchmarks/realworld.py N OUT_DIR [--seed S]

writes ``OUT_DIR/articles/<outlet>/...`` and ``OUT_DIR/truth.jsonl`` (one line a document:
``id``, ``file``, ``story``, ``source``, ``edits``, ``format``, ``encoding``, ``outlet``,
``date``), the id being the one ``dedup scan OUT_DIR/articles`` reports.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "semeval-train" / "training_set.csv"

__all__ = ["Source", "RealDoc", "EDIT_NAMES", "DATA", "read_sources", "synthetic_sources", "load_sources",
           "generate", "write_corpus", "read_truth"]

#: a copy's edits, in the order they are applied (and listed in ``RealDoc.edits``)
EDIT_NAMES = ("recopy", "retitle", "trim", "brief", "update", "teaser", "splice", "intro", "reword",
              "depunct", "quotes", "ocr", "wrap")
REPRINT_CONTAINMENT = 0.1
#: content edits and how often each is picked (a copy gets none, one, two or seldom three)
_CONTENT = {"trim": 30, "brief": 10, "update": 12, "reword": 18, "ocr": 8, "depunct": 6, "teaser": 8, "splice": 4}
MIN_SOURCE_WORDS = 50
COPY_SHARE = 0.22  # stories that get copies
FORMATS = (("txt", 58), ("md", 10), ("html", 20), ("json", 7), ("jsonl", 5))
_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+(?=\S)")


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One source article: its id in the CSV, language, headline and body paragraphs."""

    id: str
    lang: str
    title: str
    paragraphs: tuple[str, ...]


def read_sources(path: Path = DATA) -> list[Source]:
    """The CSV's original-language articles as sources, reprints among them set aside."""
    csv.field_size_limit(1 << 30)
    found: dict[str, Source] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = row["pair_id"].split("_")
            for doc_id, lang, text in ((ids[0], row["lang1"], row["text1"]), (ids[-1], row["lang2"], row["text2"])):
                if doc_id.isdigit() and doc_id not in found:  # a language suffix: a translated copy
                    source = _parse(doc_id, lang, text)
                    if source is not None:
                        found[doc_id] = source
    return without_reprints([found[k] for k in sorted(found)])


def _parse(doc_id: str, lang: str, text: str) -> Source | None:
    """Headline and paragraphs of a CSV text (its first line, or what precedes a double space,
    is the headline when short)."""
    text = text.replace("\r\n", "\n").strip()
    title, body = "", text
    first, _, rest = text.partition("\n")
    if rest and len(first.split()) <= 25:
        title, body = first, rest
    elif "  " in text[:400] and len(text[: text.index("  ")].split()) <= 25:
        title, body = text[: text.index("  ")], text[text.index("  "):]
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    if len(paragraphs) == 1 or not paragraphs:
        lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
        paragraphs = _regroup(lines)
    title = " ".join(title.split())
    if paragraphs and title and paragraphs[0].startswith(title):
        paragraphs[0] = paragraphs[0][len(title):].strip()
    paragraphs = [p for p in paragraphs if p]
    if sum(len(_WORD.findall(p)) for p in paragraphs) < MIN_SOURCE_WORDS:
        return None
    if len(title.split()) < 2:
        title = " ".join(paragraphs[0].split()[:10])
    return Source(doc_id, lang, title, tuple(paragraphs))


def _regroup(lines: list[str]) -> list[str]:
    """Paragraphs of two to four sentences from text whose paragraphs were lost."""
    sentences = [s for line in lines for s in _SENTENCE.split(line) if s]
    out, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= 3 or sum(len(s.split()) for s in current) >= 70:
            out.append(" ".join(current))
            current = []
    if current:
        if out and len(current) == 1 and len(current[0].split()) < 15:
            out[-1] += " " + current[0]
        else:
            out.append(" ".join(current))
    return out


def _five_grams(source: Source) -> set[tuple[str, ...]]:
    words = _WORD.findall(" ".join((source.title, *source.paragraphs)).casefold())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def without_reprints(sources: list[Source], containment: float = REPRINT_CONTAINMENT) -> list[Source]:
    """``sources`` less reprints: pairs sharing more than ``containment`` of the smaller word
    5-gram set are linked, and each linked group keeps its longest article (then first id)."""
    grams = [_five_grams(s) for s in sources]
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, found in enumerate(grams):
        for gram in found:
            holders.setdefault(gram, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for members in holders.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                shared[members[x], members[y]] = shared.get((members[x], members[y]), 0) + 1
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), count in sorted(shared.items()):
        if count > containment * min(len(grams[a]), len(grams[b])):
            parent[max(root(a), root(b))] = min(root(a), root(b))
    best: dict[int, int] = {}
    for i, _source in enumerate(sources):
        r = root(i)
        if r not in best or len(grams[i]) > len(grams[best[r]]):
            best[r] = i
    return [sources[i] for i in sorted(best.values())]


def synthetic_sources(n: int = 1500, seed: int = 0) -> list[Source]:
    """Sources made of the synthetic corpus's originals (``corpus.py``): the fallback."""
    sys.path.insert(0, str(HERE))
    from corpus import generate as synthetic

    out = []
    for doc in synthetic(n, seed=seed, dup_fraction=0.0, words_per_doc=220):
        out.append(Source(doc.id, "en", doc.title, tuple(doc.text.split("\n\n"))))
    return out


def load_sources(path: Path = DATA) -> tuple[list[Source], bool]:
    """The real sources, or (saying so on stderr) the synthetic ones; and whether real."""
    if Path(path).is_file():
        return read_sources(path), True
    print(f"# {path} not found: the real-world corpus falls back to synthetic sources (benchmarks/corpus.py)",
          file=sys.stderr)
    return synthetic_sources(), False


# --------------------------------------------------------------------------- vocabulary


class Vocabulary:
    """Each language's real words, by length, and its names: what rewording draws from."""

    def __init__(self, sources: list[Source]) -> None:
        words: dict[str, dict[int, dict[str, None]]] = {}
        names: dict[str, dict[str, None]] = {}
        for source in sources:
            by_length = words.setdefault(source.lang, {})
            named = names.setdefault(source.lang, {})
            for paragraph in source.paragraphs:
                for sentence in _SENTENCE.split(paragraph):
                    for k, word in enumerate(_WORD.findall(sentence)):
                        if not word.isalpha() or len(word) < 3:
                            continue
                        if word[0].isupper() and word[1:].islower() and k > 0:
                            named[word] = None
                        elif not word[0].isupper():  # lower case, or a script without case
                            by_length.setdefault(min(len(word), 12), {})[word] = None
        self.words = {lang: {n: list(w) for n, w in sorted(found.items())} for lang, found in words.items()}
        self.names = {lang: list(found) for lang, found in names.items()}

    def word(self, lang: str, like: str, rnd: random.Random) -> str:
        """A word of about the length of ``like``, and not ``like`` itself."""
        pool = self.words.get(lang, {}).get(min(len(like), 12)) or [like]
        for _ in range(4):
            found = rnd.choice(pool)
            if found.lower() != like.lower():
                return found
        return found

    def name(self, lang: str, rnd: random.Random) -> str:
        pool = self.names.get(lang) or ["Aldren", "Borvik", "Castel"]
        return rnd.choice(pool)

    def author(self, lang: str, rnd: random.Random) -> str:
        """A byline: two of the language's names, or its newsroom where names have no case."""
        if len(self.names.get(lang, ())) < 50:
            return _PHRASES.get(lang, _PHRASES["en"])["staff"]
        return f"{self.name(lang, rnd)} {self.name(lang, rnd)}"


def reword(text: str, lang: str, vocab: Vocabulary, rnd: random.Random, rate: float, *, per_sentence: int = 0,
           names: dict[str, str] | None = None, numbers: bool = False, drop: float = 0.0) -> str:
    """``text`` with about ``rate`` of its words replaced by words of the same length from
    the language's vocabulary (at least ``per_sentence`` in each sentence), ``drop`` of them
    left out, names mapped through ``names`` (filled as new names are met) and, with
    ``numbers``, every number replaced."""
    out = []
    for sentence in _SENTENCE.split(text):
        pieces = _SPLIT.split(sentence)
        # words the vocabulary has others like (three letters or more), names aside
        slots = [i for i in range(1, len(pieces), 2)
                 if pieces[i].isalpha() and len(pieces[i]) >= 3 and not (names is not None and _is_name(pieces, i))]
        forced = set(rnd.sample(slots, min(per_sentence, len(slots)))) if per_sentence else set()
        for i in range(1, len(pieces), 2):
            word = pieces[i]
            if names is not None and _is_name(pieces, i):
                if word not in names:
                    names[word] = vocab.name(lang, rnd)
                pieces[i] = names[word]
            elif numbers and word.isdigit():
                pieces[i] = str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in word[1:])
            elif word.isalpha() and (i in forced or rnd.random() < rate):
                new = vocab.word(lang, word, rnd)
                pieces[i] = new[0].upper() + new[1:] if word[0].isupper() else new
            elif drop and word.isalpha() and len(word) <= 6 and rnd.random() < drop:
                pieces[i] = ""
                if i + 1 < len(pieces) and pieces[i + 1] == " ":
                    pieces[i + 1] = ""
        out.append("".join(pieces))
    return " ".join(out)


def _is_name(pieces: list[str], i: int) -> bool:
    word = pieces[i]
    return i > 1 and len(word) >= 3 and word[0].isupper() and word[1:].islower() and not pieces[i - 1].rstrip().endswith((".", "!", "?", '"', "“", "„"))


# --------------------------------------------------------------------------- outlets

_PHRASES = {
    # advertisement, share line, share buttons, read more, copyright, newsletter, "by", update,
    # read next, home, sections, intro line, unrecognised chrome lines, support pitch, reading
    # time, last update, views, photo credit, house footer sentences
    "en": dict(staff="Staff and agencies", ad="Advertisement", share="Share this article", buttons="Share on Facebook Twitter WhatsApp Email",
               more="READ MORE:", copy="Copyright {year} {outlet}. All rights reserved.",
               news="Sign up for our daily newsletter to get the top stories in your inbox.", by="By", update="Update:",
               next="Read next:", home="Home", sections=("World", "Politics", "Business", "Sport", "Culture"),
               intro="This story was first published by {other}.", wires=("AP", "Reuters", "AFP"),
               odd=("Listen to this article", "Click here to download our app", "Comments (12)", "Report an error",
                    "Image 1 of 5", "Loading..."),
               pitch="Our journalism depends on readers like you. Support us with a subscription today and keep local news alive.",
               read="3 min read", last="Last update: 3 days ago", views="29 Views", photo="Photo: {wire}",
               footer=("{outlet} is an independent newsroom covering the region since {year}.",
                       "Send tips and corrections to the news desk at {email}.",
                       "Read more local stories and subscribe to the print edition at {domain}.")),
    "de": dict(staff="Redaktion", ad="Anzeige", share="Artikel teilen", buttons="Teilen auf Facebook Twitter WhatsApp E-Mail",
               more="Lesen Sie auch:", copy="© {year} {outlet}. Alle Rechte vorbehalten.",
               news="Melden Sie sich für unseren Newsletter an und erhalten Sie die wichtigsten Nachrichten.", by="Von",
               update="Aktualisierung:", next="Lesen Sie weiter:", home="Startseite",
               sections=("Politik", "Wirtschaft", "Sport", "Kultur", "Panorama"),
               intro="Dieser Artikel erschien zuerst bei {other}.", wires=("dpa", "AFP", "KNA"),
               odd=("Artikel vorlesen lassen", "Jetzt unsere App herunterladen", "Kommentare (12)", "Fehler melden",
                    "Bild 1 von 5", "Wird geladen..."),
               pitch="Unabhängiger Journalismus braucht Ihre Unterstützung. Jetzt Abo abschließen und unbegrenzt weiterlesen.",
               read="3 Min. Lesezeit", last="Zuletzt aktualisiert: vor 3 Tagen", views="29 Aufrufe", photo="Foto: {wire}",
               footer=("{outlet} ist eine unabhängige Redaktion und berichtet seit {year} aus der Region.",
                       "Hinweise und Korrekturen senden Sie bitte an {email}.",
                       "Weitere Nachrichten aus Ihrer Region und das digitale Abo finden Sie auf {domain}.")),
    "es": dict(staff="Redacción", ad="Publicidad", share="Compartir este artículo", buttons="Compartir en Facebook Twitter WhatsApp",
               more="Lee también:", copy="© {year} {outlet}. Todos los derechos reservados.",
               news="Suscríbete a nuestro boletín para recibir las noticias más importantes del día.", by="Por",
               update="Actualización:", next="Sigue leyendo:", home="Inicio",
               sections=("Internacional", "Política", "Economía", "Deportes", "Cultura"),
               intro="Esta noticia fue publicada originalmente por {other}.", wires=("EFE", "Europa Press"),
               odd=("Escuchar este artículo", "Descarga nuestra aplicación", "Comentarios (12)", "Reportar un error",
                    "Imagen 1 de 5", "Cargando..."),
               pitch="El periodismo independiente necesita tu apoyo. Suscríbete hoy y sigue leyendo sin límites cada día.",
               read="3 min de lectura", last="Última actualización: hace 3 días", views="29 visitas", photo="Foto: {wire}",
               footer=("{outlet} es una redacción independiente que informa sobre la región desde {year}.",
                       "Envíe sus avisos y correcciones a la redacción en {email}.",
                       "Más noticias de la región y la edición impresa en {domain}.")),
    "fr": dict(staff="La rédaction", ad="Publicité", share="Partager cet article", buttons="Partager sur Facebook Twitter WhatsApp",
               more="Lire aussi :", copy="© {year} {outlet}. Tous droits réservés.",
               news="Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité chaque matin.", by="Par",
               update="Mise à jour :", next="À lire ensuite :", home="Accueil",
               sections=("Monde", "Politique", "Économie", "Sport", "Culture"),
               intro="Cet article a d'abord été publié par {other}.", wires=("AFP",),
               odd=("Écouter cet article", "Téléchargez notre application", "Commentaires (12)", "Signaler une erreur",
                    "Image 1 sur 5", "Chargement..."),
               pitch="Le journalisme indépendant a besoin de vous. Abonnez-vous dès aujourd'hui pour soutenir notre rédaction.",
               read="Lecture 3 min", last="Dernière mise à jour : il y a 3 jours", views="29 vues", photo="Photo : {wire}",
               footer=("{outlet} est une rédaction indépendante qui couvre la région depuis {year}.",
                       "Envoyez vos informations et corrections à la rédaction : {email}.",
                       "Retrouvez toute l'actualité régionale et l'édition papier sur {domain}.")),
    "tr": dict(staff="Haber Merkezi", ad="Reklam", share="Bu haberi paylaş", buttons="Facebook Twitter WhatsApp ile paylaş",
               more="İlginizi çekebilir:", copy="© {year} {outlet}. Tüm hakları saklıdır.",
               news="Günün önemli haberleri için ücretsiz e-bültenimize hemen abone olun.", by="Yazan:",
               update="Güncelleme:", next="Sıradaki haber:", home="Ana Sayfa",
               sections=("Gündem", "Politika", "Ekonomi", "Spor", "Kültür"),
               intro="Bu haber ilk olarak {other} tarafından yayımlandı.", wires=("AA", "DHA", "İHA"),
               odd=("Haberi dinle", "Uygulamamızı indirin", "Yorumlar (12)", "Hata bildir", "Fotoğraf 1 / 5",
                    "Yükleniyor..."),
               pitch="Bağımsız gazetecilik sizin desteğinizle ayakta kalıyor. Bugün abone olun ve haberleri sınırsız okuyun.",
               read="3 dk okuma", last="Son güncelleme: 3 gün önce", views="29 görüntülenme", photo="Fotoğraf: {wire}",
               footer=("{outlet}, {year} yılından bu yana bölgeden haber veren bağımsız bir yayın kuruluşudur.",
                       "İhbar ve düzeltmeleriniz için {email} adresine yazabilirsiniz.",
                       "Bölgeden daha fazla haber ve basılı baskı için {domain} adresini ziyaret edin.")),
    "pl": dict(staff="Redakcja", ad="Reklama", share="Udostępnij artykuł", buttons="Udostępnij na Facebook Twitter WhatsApp",
               more="Czytaj także:", copy="© {year} {outlet}. Wszelkie prawa zastrzeżone.",
               news="Zapisz się do naszego newslettera, aby codziennie otrzymywać najważniejsze wiadomości.",
               by="Autor:", update="Aktualizacja:", next="Czytaj dalej:", home="Strona główna",
               sections=("Świat", "Polityka", "Gospodarka", "Sport", "Kultura"),
               intro="Ten artykuł ukazał się pierwotnie w serwisie {other}.", wires=("PAP",),
               odd=("Posłuchaj artykułu", "Pobierz naszą aplikację", "Komentarze (12)", "Zgłoś błąd", "Zdjęcie 1 z 5",
                    "Ładowanie..."),
               pitch="Niezależne dziennikarstwo potrzebuje Twojego wsparcia. Wykup prenumeratę już dziś i czytaj bez ograniczeń.",
               read="3 min czytania", last="Ostatnia aktualizacja: 3 dni temu", views="29 wyświetleń", photo="Fot. {wire}",
               footer=("{outlet} to niezależna redakcja, która od {year} roku relacjonuje wydarzenia z regionu.",
                       "Informacje i sprostowania prosimy przesyłać na adres {email}.",
                       "Więcej wiadomości z regionu i wydanie papierowe znajdziesz na {domain}.")),
    "ar": dict(staff="فريق التحرير", ad="إعلان", share="شارك هذا المقال", buttons="شارك عبر فيسبوك تويتر واتساب", more="اقرأ أيضا:",
               copy="© {year} {outlet}. جميع الحقوق محفوظة.", news="اشترك في نشرتنا الإخبارية لتصلك أهم الأخبار كل صباح.",
               by="بقلم", update="تحديث:", next="اقرأ التالي:", home="الرئيسية",
               sections=("العالم", "سياسة", "اقتصاد", "رياضة", "ثقافة"), intro="نشر هذا الخبر أولا في {other}.",
               wires=("رويترز", "أ ف ب"),
               odd=("استمع إلى المقال", "حمّل تطبيقنا", "التعليقات (12)", "أبلغ عن خطأ", "الصورة 1 من 5", "جار التحميل..."),
               pitch="الصحافة المستقلة تحتاج إلى دعمكم. اشتركوا اليوم واقرأوا الأخبار بلا حدود كل يوم.",
               read="3 دقائق للقراءة", last="آخر تحديث: منذ 3 أيام", views="29 مشاهدة", photo="الصورة: {wire}",
               footer=("{outlet} مؤسسة إخبارية مستقلة تغطي أخبار المنطقة منذ عام {year}.",
                       "أرسلوا معلوماتكم وتصحيحاتكم إلى غرفة الأخبار على {email}.",
                       "المزيد من أخبار المنطقة والنسخة المطبوعة على {domain}.")),
}
_OUTLETS = {
    "en": ("Harbour Daily", "Northfield Courier", "Metro Wire", "Lakeside Gazette", "Valley Courier", "Eastern Ledger",
           "Coastal Times", "Capital Dispatch", "Riverside Observer", "Global Newswire"),
    "de": ("Rheinischer Bote", "Nordkurier Abend", "Tageblatt Süd", "Alpen-Rundschau", "Hanse Nachrichten",
           "Westfalen Echo", "Mitteldeutsche Presse", "Donau Zeitung"),
    "es": ("Diario del Puerto", "La Voz del Valle", "Crónica Norte", "El Mirador", "Agencia Sur"),
    "fr": ("Le Courrier du Port", "La Dépêche de l'Est", "L'Écho du Val"),
    "tr": ("Ege Haber", "Anadolu Postası", "Marmara Gündem", "Karadeniz Ekspres"),
    "pl": ("Gazeta Nadmorska", "Kurier Mazowiecki", "Echo Śląska", "Dziennik Północny"),
    "ar": ("صدى المدينة", "الخبر اليومي", "نافذة الخليج"),
}
_ARABIC_SLUGS = {"صدى المدينة": "sada-almadina", "الخبر اليومي": "alkhabar-alyawmi", "نافذة الخليج": "nafidhat-alkhalij"}
_CP1252_LANGS = ("en", "de", "es", "fr")
_HEADERS = ("fields", "dated", "lone", "none", "scrape")
_CHROME = ("plain", "light", "ads", "odd", "portal")


@dataclass
class Outlet:
    """An outlet's house style: how every one of its documents is written."""

    name: str
    lang: str
    slug: str
    format: str  # its usual file format
    header: str  # how a text file opens (_HEADERS)
    chrome: tuple[str, ...]  # kinds of site chrome around its stories (_CHROME)
    footer: str | None  # house footer under every story, or None
    legacy: bool  # writes cp1252 where the text allows
    dated: float  # share of its files that carry a date
    quote: str  # its quote style: straight, curly, low (German), guillemets
    json_markup: bool  # its JSON text fields hold HTML paragraphs
    recent: list[str] = field(default_factory=list)  # titles of its recent stories, for related links

    @property
    def domain(self) -> str:
        return f"www.{self.slug.replace('-', '')}.example"


def _slug(text: str, words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", _unaccent(text)).encode("ascii", "ignore").decode()
    return "-".join(_WORD.findall(ascii_text.lower())[:words]) or "article"


def _outlets(seed: int, langs: list[str]) -> dict[str, list[Outlet]]:
    rnd = random.Random(f"{seed}:outlets")
    formats = [name for name, weight in FORMATS for _ in range(weight)]
    out: dict[str, list[Outlet]] = {}
    for lang in langs:
        phrases = _PHRASES.get(lang, _PHRASES["en"])
        names = _OUTLETS.get(lang, tuple(f"{lang.upper()} {n}" for n in _OUTLETS["en"][:4]))
        outlets = []
        for k, name in enumerate(names):
            slug = _ARABIC_SLUGS.get(name) or _slug(name)
            footer = None
            if k % 3 == 0:
                picked = rnd.sample(phrases["footer"], 2)
                email = f"news@{slug.replace('-', '')}.example"
                footer = " ".join(s.format(outlet=name, year=rnd.randint(1950, 2010), email=email,
                                           domain=f"www.{slug.replace('-', '')}.example") for s in picked)
            outlets.append(Outlet(
                name=name, lang=lang, slug=slug, format=rnd.choice(formats), header=rnd.choice(_HEADERS),
                chrome=tuple(sorted(set(rnd.sample(_CHROME, rnd.randint(1, 2))))), footer=footer,
                legacy=lang in _CP1252_LANGS and rnd.random() < 0.3, dated=rnd.choice((0.5, 0.8, 0.95)),
                quote=rnd.choice(("straight", "curly", "low" if lang == "de" else "guillemets" if lang in ("fr", "es") else "curly")),
                json_markup=rnd.random() < 0.4,
            ))
        out[lang] = outlets
    return out


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class RealDoc:
    """One generated document and its truth."""

    id: str  #: the id ``dedup scan`` of the corpus folder reports (file path, or JSON Lines record id)
    file: str  #: the file under the corpus folder that holds it
    story: int  #: the true story
    source: str  #: the source article's CSV id (``~k`` for the k-th story derived from it)
    edits: tuple[str, ...]  #: ``("original",)`` or the copy's edits, in ``EDIT_NAMES`` order
    format: str
    encoding: str
    outlet: str
    date: str | None  #: the date written in the file, ISO (None: undated)
    data: bytes  #: the file's bytes (a JSON Lines record: its line, newline included)
    text: str = ""  #: the story's text in this version, before the outlet's chrome and footer (not written)


@dataclass
class Content:
    """A version of a story before its outlet renders it."""

    title: str
    paragraphs: list[str]
    lang: str


_SPAN_START = date(2019, 6, 1)
_SPAN_DAYS = 900


class _Generator:
    def __init__(self, n: int, seed: int, sources: list[Source]) -> None:
        if not sources:
            raise ValueError("no sources to build stories from")
        self.n, self.seed, self.sources = n, seed, sources
        self.vocab = Vocabulary(sources)
        langs = sorted({s.lang for s in sources})
        self.outlets = _outlets(seed, langs)
        order = list(range(len(sources)))
        random.Random(f"{seed}:order").shuffle(order)
        self.order = order
        self.bases: OrderedDict[int, Content] = OrderedDict()
        self.jsonl_lines: dict[str, int] = {}
        self.count = 0

    # a story's text: the source itself, or (past the number of sources) a rewording of it
    def source_of(self, story: int) -> tuple[Source, int]:
        return self.sources[self.order[story % len(self.sources)]], story // len(self.sources)

    def base(self, story: int) -> Content:
        if story in self.bases:
            self.bases.move_to_end(story)
            return self.bases[story]
        source, k = self.source_of(story)
        if k == 0:
            content = Content(source.title, list(source.paragraphs), source.lang)
        else:
            content = self._derive(source, k)
        self.bases[story] = content
        if len(self.bases) > 512:
            self.bases.popitem(last=False)
        return Content(content.title, list(content.paragraphs), content.lang)

    def _derive(self, source: Source, k: int) -> Content:
        rnd = random.Random(f"{self.seed}:derive:{source.id}:{k}")
        names: dict[str, str] = {}
        kw = dict(names=names, numbers=True, per_sentence=2)
        title = reword(source.title, source.lang, self.vocab, rnd, 0.34, **kw)
        paragraphs = []
        for paragraph in source.paragraphs:
            sentences = _SENTENCE.split(reword(paragraph, source.lang, self.vocab, rnd, 0.34, **kw))
            rnd.shuffle(sentences)
            paragraphs.append(" ".join(sentences))
        rest = paragraphs[1:]
        rnd.shuffle(rest)
        return Content(title, paragraphs[:1] + rest, source.lang)

    def novel(self, lang: str, rnd: random.Random, sentences: int) -> str:
        """Sentences no other document has: real sentences of the language, heavily reworded."""
        same = [s for s in self.sources if s.lang == lang] or self.sources
        pool = list(rnd.choice(same).paragraphs)
        found = [s for p in pool for s in _SENTENCE.split(p) if len(s.split()) >= 6] or pool
        return " ".join(reword(rnd.choice(found), lang, self.vocab, rnd, 0.3, per_sentence=3, names={}, numbers=True)
                        for _ in range(sentences))

    # the plan: story after story, each with its copies, until n documents
    def __iter__(self) -> Iterator[RealDoc]:
        left, story = self.n, 0
        while left > 0:
            rnd = random.Random(f"{self.seed}:story:{story}")
            copies = 0
            if rnd.random() < COPY_SHARE:
                copies = min(30, int(1.0 / (1.0 - rnd.random()) ** (1 / 1.4)))
            copies = min(copies, left - 1)
            yield from self._story(story, copies, rnd)
            left -= 1 + copies
            story += 1

    def _story(self, story: int, copies: int, rnd: random.Random) -> Iterator[RealDoc]:
        original = self.base(story)
        source, k = self.source_of(story)
        source_id = source.id if k == 0 else f"{source.id}~{k}"
        outlets = self.outlets[original.lang]
        home = outlets[min(len(outlets) - 1, int(rnd.random() ** 1.6 * len(outlets)))]
        day = rnd.randrange(_SPAN_DAYS)
        versions: list[tuple[Content, tuple[str, ...], Outlet]] = [(original, ("original",), home)]
        yield self._render(original, home, day, story, source_id, ("original",), rnd)
        others = [o for o in outlets if o is not home] or outlets
        for _ in range(copies):
            parent, parent_edits, parent_outlet = versions[0]
            if len(versions) > 1 and rnd.random() < 0.2:
                parent, parent_edits, parent_outlet = versions[rnd.randrange(1, len(versions))]
            outlet = rnd.choice([o for o in others if o is not parent_outlet] or others)
            content, edits = self._copy(parent, story, outlet, rnd)
            if parent_edits != ("original",):
                edits = ("recopy", *[e for e in parent_edits if e != "recopy"], *edits)
            edits = tuple(e for e in EDIT_NAMES if e in edits) or ("exact",)
            versions.append((content, edits, outlet))
            lag = rnd.choice((0, 0, 1, 1, 2, 3, 5)) if rnd.random() < 0.9 else rnd.randint(6, 60)
            yield self._render(content, outlet, day + lag, story, source_id, edits, rnd)
        for outlet in {id(o): o for _, _, o in versions}.values():
            outlet.recent.append(original.title)
            del outlet.recent[:-8]

    # ------------------------------------------------------------------ a copy's edits

    def _copy(self, parent: Content, story: int, outlet: Outlet, rnd: random.Random) -> tuple[Content, tuple[str, ...]]:
        c = Content(parent.title, list(parent.paragraphs), parent.lang)
        phrases = _PHRASES.get(c.lang, _PHRASES["en"])
        chosen = {name for name, p in (("retitle", 0.35), ("intro", 0.12), ("quotes", 0.2), ("wrap", 0.1))
                  if rnd.random() < p}
        # content edits: none for about a third of the copies, seldom more than two
        count = rnd.choices((0, 1, 2, 3), (35, 45, 17, 3))[0]
        while len(chosen & set(_CONTENT)) < count:
            edit = rnd.choices(list(_CONTENT), list(_CONTENT.values()))[0]
            if not (edit in ("trim", "brief") and chosen & {"trim", "brief"}):
                chosen.add(edit)
        applied = []
        for edit in EDIT_NAMES:
            if edit not in chosen:
                continue
            if edit == "retitle":
                c.title = self._retitle(c, phrases, rnd)
            elif edit == "trim":
                if not self._trim(c, rnd):
                    continue
            elif edit == "brief":
                if not self._brief(c, rnd):
                    continue
            elif edit == "update":
                c.paragraphs.append(f"{phrases['update']} {self.novel(c.lang, rnd, rnd.randint(1, 3))}")
            elif edit == "teaser":
                other = self.base(self._other_story(story, rnd))
                c.paragraphs.append(f"{phrases['next']} {other.title}")
                c.paragraphs.append(_SENTENCE.split(other.paragraphs[0])[0])
            elif edit == "splice":
                other = self.base(self._other_story(story, rnd))
                c.paragraphs += [other.title, *other.paragraphs]
            elif edit == "intro":
                if rnd.random() < 0.6:
                    c.paragraphs[0] = f"({rnd.choice(phrases['wires'])}) – {c.paragraphs[0]}"
                else:
                    other = rnd.choice(self.outlets[c.lang]).name
                    c.paragraphs.insert(0, phrases["intro"].format(other=other))
            elif edit == "reword":
                c.paragraphs = [reword(p, c.lang, self.vocab, rnd, 0.02, drop=0.005) for p in c.paragraphs]
            elif edit == "depunct":
                c.title, c.paragraphs = _depunct(c.title, rnd), [_depunct(p, rnd) for p in c.paragraphs]
            elif edit == "quotes":
                style = rnd.choice([q for q in ("straight", "curly", "low", "guillemets") if q != outlet.quote])
                c.paragraphs = [_quotes(p, style) for p in c.paragraphs]
            elif edit == "ocr":
                level = rnd.choices((0.01, 0.03, 0.06), (50, 35, 15))[0]
                c.paragraphs = [_ocr(p, level, rnd) for p in c.paragraphs]
            elif edit == "wrap":
                pass  # a layout edit: done when the text is written out
            applied.append(edit)
        return c, tuple(applied)

    def _other_story(self, story: int, rnd: random.Random) -> int:
        """Another story in the same language: an earlier one (it is in the corpus) when one
        is found nearby, else one from far beyond the corpus."""
        lang = self.source_of(story)[0].lang
        for _ in range(20):
            other = rnd.randrange(max(0, story - 300), story) if story else -1
            if other >= 0 and self.source_of(other)[0].lang == lang:
                return other
        far = len(self.sources) * 1000
        return next(k for k in range(far + rnd.randrange(len(self.sources)), far * 2) if self.source_of(k)[0].lang == lang)

    def _retitle(self, c: Content, phrases: dict, rnd: random.Random) -> str:
        words = c.title.split()
        how = rnd.randrange(4)
        if how == 0 and len(words) > 4:
            cut = rnd.randint(3, len(words) - 1)
            return " ".join(words[cut:] + words[:cut]).rstrip(".:,;")
        if how == 1:
            return " ".join(c.paragraphs[0].split()[: rnd.randint(6, 12)]).rstrip(".:,;")
        if how == 2:
            return f"{phrases['update']} {c.title}"
        return reword(c.title, c.lang, self.vocab, rnd, 0.3)

    @staticmethod
    def _trim(c: Content, rnd: random.Random) -> bool:
        """Paragraphs cut from the end (a fifth to two fifths of the words), or the last
        sentences when there are few paragraphs."""
        total = sum(len(p.split()) for p in c.paragraphs)
        if total < 60:
            return False
        keep = int(total * rnd.uniform(0.6, 0.85))
        kept, count = [], 0
        for paragraph in c.paragraphs:
            words = paragraph.split()
            if count + len(words) > keep:
                if len(kept) < 2:
                    kept.append(" ".join(words[: keep - count]))
                break
            kept.append(paragraph)
            count += len(words)
        c.paragraphs = kept
        return True

    @staticmethod
    def _brief(c: Content, rnd: random.Random) -> bool:
        words = " ".join(c.paragraphs).split()
        if len(words) < 60:
            return False
        keep = int(len(words) * rnd.uniform(0.35, 0.6))
        lead, total = [], 0
        for paragraph in c.paragraphs:
            if total >= keep:
                break
            lead.append(paragraph)
            total += len(paragraph.split())
        if total > keep * 1.5:
            lead = [" ".join(" ".join(lead).split()[:keep])]
        c.paragraphs = lead
        return True

    # ------------------------------------------------------------------ rendering

    def _render(self, c: Content, outlet: Outlet, day: int, story: int, source_id: str, edits: tuple[str, ...],
                rnd: random.Random) -> RealDoc:
        formats = [name for name, weight in FORMATS for _ in range(weight)]
        fmt = outlet.format if rnd.random() < 0.5 else rnd.choice(formats)
        when = _SPAN_START + timedelta(days=day)
        dated = rnd.random() < outlet.dated
        iso = when.isoformat() if dated else None
        wrap = "wrap" in edits
        paragraphs = [_quotes(p, outlet.quote) if outlet.quote != "straight" and "quotes" not in edits else p
                      for p in c.paragraphs]
        if outlet.footer:
            paragraphs.append(outlet.footer)
        author = self.vocab.author(c.lang, rnd)
        self.count += 1
        name = f"{_slug(c.title, 6)}-{self.count:x}"
        folder = f"{outlet.slug}/{when:%Y}/{when:%m}"
        args = (c, paragraphs, outlet, iso, author, rnd)
        encoding = "utf-8"
        if fmt in ("txt", "md"):
            text = self._text(*args, markdown=fmt == "md", wrap=wrap)
            if "ocr" in edits and wrap:
                text = _hyphenate(text)
            data, encoding = _encode(text, outlet, rnd)
            file = f"{folder}/{name}.{fmt}"
            doc_id = file
        elif fmt == "html":
            text = self._page(*args, name=name)
            encoding = "cp1252" if outlet.legacy and _fits_cp1252(text) else "utf-8"
            if encoding == "cp1252":
                text = text.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
            data = text.encode(encoding)
            file = doc_id = f"{folder}/{name}.html"
        else:
            record = self._record(*args, name=name, wrap=wrap)
            line = json.dumps(record, ensure_ascii=outlet.legacy)
            if fmt == "json":
                data = line.encode("utf-8")
                file = doc_id = f"{folder}/{name}.json"
            else:
                file = f"{outlet.slug}/feed-{when:%Y}.jsonl"
                doc_id = record["id"]
                data = (line + "\n").encode("utf-8")
        return RealDoc(doc_id, file, story, source_id, edits, fmt, encoding, outlet.name, iso, data,
                       "\n\n".join(c.paragraphs))

    def _chrome_lines(self, outlet: Outlet, rnd: random.Random) -> tuple[list[str], list[str], list[str]]:
        """Lines above the story, lines between its paragraphs, lines below it."""
        p = _PHRASES.get(outlet.lang, _PHRASES["en"])
        top: list[str] = []
        inline: list[str] = []
        bottom: list[str] = []
        section = rnd.choice(p["sections"])
        related = outlet.recent[-3:]
        if "light" in outlet.chrome:
            bottom.append(p["copy"].format(year=2020, outlet=outlet.name))
        if "ads" in outlet.chrome:
            inline.append(p["ad"])
            bottom += [p["share"], p["buttons"]]
        if "odd" in outlet.chrome:
            top += [f"{p['home']} › {section}", p["odd"][0]]
            inline.append(p["odd"][4])
            bottom += [p["odd"][2], p["odd"][3], "", p["pitch"], "", p["odd"][1]]
        if "portal" in outlet.chrome:
            top += [f"• {p['read']}", f"• {p['views']}"]
            inline += [f"{p['more']} {t}" for t in related[:1]]
            bottom += [p["news"], f"Tags: {section}, {rnd.choice(p['sections'])}"]
        return top, inline, bottom

    def _text(self, c: Content, paragraphs: list[str], outlet: Outlet, iso: str | None, author: str, rnd: random.Random,
              *, markdown: bool, wrap: bool) -> str:
        p = _PHRASES.get(outlet.lang, _PHRASES["en"])
        top, inline, bottom = self._chrome_lines(outlet, rnd)
        head: list[str] = []
        shown = _human_date(iso, rnd) if iso else None
        if markdown:
            head += [f"# {c.title}", ""]
            if shown or rnd.random() < 0.5:
                head += [f"*{p['by']} {author}*" + (f" · {shown}" if shown else ""), ""]
        elif outlet.header == "fields":
            head += [f"Title: {c.title}"] + ([f"Date: {shown}"] if shown else []) + [f"Source: {outlet.name}", ""]
        elif outlet.header == "dated" and iso:
            head += [f"date {iso} {c.title}", ""]
        elif outlet.header == "scrape":
            section = rnd.choice(p["sections"]).upper()
            head += [c.title, "", f"  1. {p['home'].upper()}", f"  2. {section}", f"  3. {c.title}",
                     f"  • {p['last']}", f"  • {p['read']}", f"  • {p['views']}", f"  • {section}", c.title, ""]
        elif outlet.header != "none":
            head += [c.title, ""]
        if top:
            head += top + [""]
        if not markdown and rnd.random() < 0.4:
            head += [f"{p['by']} {author}", ""]
        body = []
        for k, paragraph in enumerate(paragraphs):
            body.append(_wrap(paragraph, rnd.randint(60, 78)) if wrap else paragraph)
            if inline and k % 3 == 1 and k + 1 < len(paragraphs):
                body.append(inline[k % len(inline)])
        text = ("\n".join(head) + "\n" if head else "") + "\n\n".join(body) + ("\n\n" + "\n".join(bottom) if bottom else "") + "\n"
        if markdown:
            text = text.replace(p["share"], f"[{p['share']}](https://{outlet.domain}/share)")
        if wrap and rnd.random() < 0.5:
            text = text.replace("\n", "\r\n")
        return text

    def _page(self, c: Content, paragraphs: list[str], outlet: Outlet, iso: str | None, author: str, rnd: random.Random,
              *, name: str) -> str:
        p = _PHRASES.get(outlet.lang, _PHRASES["en"])
        e = html.escape
        sections = p["sections"]
        section = rnd.choice(sections)
        url = f"https://{outlet.domain}/{_slug(section)}/{name}"
        meta = [f'<meta property="og:title" content="{e(c.title)}">', f'<meta property="og:site_name" content="{e(outlet.name)}">',
                f'<link rel="canonical" href="{url}">']
        if iso:
            meta.append(f'<meta property="article:published_time" content="{iso}T0{rnd.randint(5, 9)}:{rnd.randint(10, 59)}:00Z">')
        if rnd.random() < 0.5:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": c.title,
                  "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": outlet.name}}
            if iso:
                ld["datePublished"] = iso
            meta.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
        nav = "".join(f'<li><a href="/{_slug(s)}">{e(s)}</a></li>' for s in (p["home"], *sections))
        body = []
        for k, paragraph in enumerate(paragraphs):
            body.append(f"<p>{e(paragraph)}</p>")
            if k == 1:
                body.append(f'<div class="ad-slot" data-slot="{rnd.randint(100, 999)}"><span>{e(p["ad"])}</span></div>')
        related = "".join(f'<li><a href="/{_slug(section)}/{_slug(t, 6)}">{e(t)}</a></li>' for t in outlet.recent[-4:])
        comments = "".join(
            f'<div class="comment"><b>{e(self.vocab.name(c.lang, rnd).lower())}{rnd.randint(1, 99)}</b>'
            f"<p>{e(self.novel(c.lang, rnd, 1))}</p></div>" for _ in range(rnd.randint(0, 3)))
        shown = f'<time datetime="{iso}">{_human_date(iso, rnd)}</time>' if iso else ""
        return f"""<!DOCTYPE html>
<html lang="{c.lang}">
<head>
<meta charset="utf-8">
<title>{e(c.title)} | {e(outlet.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{chr(10).join(meta)}
<link rel="stylesheet" href="/static/site.css">
<style>body{{font-family:Georgia,serif;margin:0}}.ad-slot{{min-height:250px;background:#eee}}nav li{{display:inline}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag('js',new Date());gtag('config','UA-{rnd.randint(10**6, 10**7)}-1');</script>
</head>
<body>
<header class="site-header"><a class="logo" href="/">{e(outlet.name)}</a>
<nav class="menu"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input type="search" name="q" placeholder="Search"></form></header>
<div class="breadcrumbs"><a href="/">{e(p["home"])}</a> &rsaquo; <a href="/{_slug(section)}">{e(section)}</a></div>
<main>
<article class="story">
<h1 class="headline">{e(c.title)}</h1>
<div class="meta"><span class="byline">{e(p["by"])} {e(author)}</span> {shown}</div>
<div class="share"><a href="https://facebook.com/sharer?u={url}">Facebook</a> <a href="https://twitter.com/intent/tweet?url={url}">Twitter</a> <a href="mailto:?subject={e(c.title)}">Email</a></div>
<div class="article-body">
{chr(10).join(body)}
</div>
<aside class="related"><h3>{e(p["more"].rstrip(" :"))}</h3><ul>{related}</ul></aside>
</article>
<section class="comments"><h3>{e(p["odd"][2])}</h3>{comments}</section>
</main>
<footer class="site-footer"><p>{e(p["copy"].format(year=2020, outlet=outlet.name))}</p>
<ul><li><a href="/imprint">Imprint</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul></footer>
<script src="/static/app.js" async></script>
</body>
</html>
"""

    def _record(self, c: Content, paragraphs: list[str], outlet: Outlet, iso: str | None, author: str, rnd: random.Random,
                *, name: str, wrap: bool) -> dict:
        if outlet.json_markup:
            text = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
        else:
            text = "\n\n".join(_wrap(p, 72) if wrap else p for p in paragraphs)
        record = {"id": f"{outlet.slug}-{name.rsplit('-', 1)[1]}", "url": f"https://{outlet.domain}/{name}",
                  "title": c.title, "source": outlet.name, "author": author, "text": text}
        if iso:
            record["date"] = iso if rnd.random() < 0.6 else f"{iso}T{rnd.randint(10, 23)}:{rnd.randint(10, 59)}:00+00:00"
        return record


def _human_date(iso: str | None, rnd: random.Random) -> str:
    if iso is None:
        return ""
    day = date.fromisoformat(iso)
    return iso if rnd.random() < 0.5 else f"{day:%B} {day.day}, {day.year}"


def _fits_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _encode(text: str, outlet: Outlet, rnd: random.Random) -> tuple[bytes, str]:
    r = rnd.random()
    if outlet.legacy and r < 0.6 and _fits_cp1252(text):
        return text.encode("cp1252"), "cp1252"
    if r > 0.97:
        return text.encode("utf-16"), "utf-16"  # with a byte-order mark, as Windows tools write it
    if r > 0.95:
        return text.encode("utf-8-sig"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"


# --------------------------------------------------------------------------- text edits

_LOOKALIKE = (("rn", "m"), ("m", "rn"), ("l", "1"), ("i", "l"), ("e", "c"), ("o", "0"), ("h", "b"), ("u", "n"),
              ("n", "u"), ("cl", "d"), ("S", "5"), ("t", "f"), ("a", "o"))
_FLAT = {"ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "æ": "ae", "œ": "oe"}


def _unaccent(text: str) -> str:
    text = "".join(_FLAT.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _depunct(text: str, rnd: random.Random) -> str:
    """Accents and punctuation lost on the way: quotes and apostrophes gone, hyphens closed
    up (or opened), some commas dropped."""
    text = _unaccent(text)
    text = re.sub(r"[\"“”„«»‚‘`]|(?<!\w)'|'(?!\w)", "", text)
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)
    text = re.sub(r"(?<=\w)-(?=\w)", lambda m: "" if rnd.random() < 0.6 else " ", text)
    return re.sub(r",(?= )", lambda m: "" if rnd.random() < 0.5 else ",", text)


def _quotes(text: str, style: str) -> str:
    plain = re.sub(r"[“”„«»]", '"', text).replace("’", "'").replace("‘", "'")
    if style == "straight":
        return plain
    opening, closing = {"curly": ("“", "”"), "low": ("„", "“"), "guillemets": ("« ", " »")}[style]
    parts = plain.split('"')
    out = parts[0]
    for k, part in enumerate(parts[1:]):
        out += (opening if k % 2 == 0 else closing) + part
    return re.sub(r"(?<=\w)'(?=\w)", "’", out) if style == "curly" else out


def _ocr(text: str, rate: float, rnd: random.Random) -> str:
    """Character noise of scanned print: look-alike letters, split and joined words, lost
    and doubled characters, in about ``rate`` of the words."""
    pieces = _SPLIT.split(text)
    for i in range(1, len(pieces), 2):
        if rnd.random() >= rate:
            continue
        word = pieces[i]
        how = rnd.randrange(5)
        if how == 0:
            subs = [(a, b) for a, b in _LOOKALIKE if a in word]
            if subs:
                a, b = rnd.choice(subs)
                at = word.index(a)
                word = word[:at] + b + word[at + len(a):]
        elif how == 1 and len(word) > 4:
            at = rnd.randint(2, len(word) - 2)
            word = word[:at] + " " + word[at:]
        elif how == 2 and i + 1 < len(pieces) and pieces[i + 1] == " ":
            pieces[i + 1] = ""
        elif how == 3 and len(word) > 3:
            at = rnd.randrange(len(word))
            word = word[:at] + word[at + 1:]
        elif len(word) > 2:
            at = rnd.randrange(len(word))
            word = word[:at] + word[at] + word[at:]
        pieces[i] = word
    return "".join(pieces)


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _hyphenate(text: str) -> str:
    """Scanned columns: a wrapped line that ends a word early carries a hyphen and the rest
    of the word to the next line."""
    return re.sub(r"(\w{3,})(\w{3,}) *\n(?=\w)", lambda m: f"{m.group(1)}-\n{m.group(2)} " if len(m.group(0)) > 8 else m.group(0),
                  text, count=0)


# --------------------------------------------------------------------------- API


def generate(n_docs: int, *, seed: int = 0, sources: list[Source] | None = None) -> Iterator[RealDoc]:
    """``n_docs`` documents, story after story (a story's copies follow it)."""
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    if sources is None:
        sources = load_sources()[0]
    return iter(_Generator(int(n_docs), int(seed), sources))


def write_corpus(docs: Iterable[RealDoc], out_dir: Path) -> int:
    """Write ``out_dir/articles/...`` and ``out_dir/truth.jsonl``; returns the documents
    written. ``out_dir/articles`` must not exist yet (a feed file is appended to)."""
    out_dir = Path(out_dir)
    root = out_dir / "articles"
    if root.exists():
        raise FileExistsError(f"{root} exists: give an empty or new OUT_DIR")
    root.mkdir(parents=True)
    count = 0
    made: set[str] = set()
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as truth:
        for doc in docs:
            path = root / doc.file
            folder = str(path.parent)
            if folder not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            with open(path, "ab" if doc.format == "jsonl" else "wb") as handle:
                handle.write(doc.data)
            truth.write(json.dumps({"id": doc.id, "file": doc.file, "story": doc.story, "source": doc.source,
                                    "edits": list(doc.edits), "format": doc.format, "encoding": doc.encoding,
                                    "outlet": doc.outlet, "date": doc.date}, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_truth(out_dir: Path) -> dict[str, dict]:
    """The truth file of a written corpus, by document id."""
    with open(Path(out_dir) / "truth.jsonl", encoding="utf-8") as handle:
        return {row["id"]: row for row in map(json.loads, handle)}


def build(n: int, out_dir: Path, seed: int = 0) -> tuple[Path, bool]:
    """A corpus of ``n`` documents under ``out_dir`` (reused when complete); returns it and
    whether it came from real sources."""
    out_dir = Path(out_dir)
    done = out_dir / ".complete"
    if done.exists():
        return out_dir, done.read_text().strip() == "real"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    sources, real = load_sources()
    write_corpus(generate(n, seed=seed, sources=sources), out_dir)
    done.write_text("real" if real else "synthetic")
    return out_dir, real


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=DATA, help="the SemEval-shaped CSV to draw articles from")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if (args.out_dir / "articles").exists():
        print(f"Error: {args.out_dir / 'articles'} exists: give an empty or new OUT_DIR", file=sys.stderr)
        return 1
    sources, real = load_sources(args.source)
    count = write_corpus(generate(args.n, seed=args.seed, sources=sources), args.out_dir)
    kind = f"{len(sources):,} real source articles" if real else "synthetic sources"
    print(f"wrote {count:,} documents from {kind} to {args.out_dir / 'articles'} (truth: {args.out_dir / 'truth.jsonl'}) "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
