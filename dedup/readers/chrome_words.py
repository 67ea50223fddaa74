"""The words of site chrome in the languages of the news the project is tuned on besides
English (German, Spanish, French, Italian, Polish, Turkish, Russian, Portuguese, Arabic,
Chinese), by the kind of chrome line they make: :mod:`dedup.readers.chrome` builds its
line patterns from them. Phrases are lower case and matched without regard to case; a
phrase is the whole line (with a few words of value after it where the kind takes one).
"""

from __future__ import annotations

# buttons: a line made of nothing else (with networks' names and connecting words among them)
SHARE = ("jetzt teilen", "artikel teilen", "beitrag teilen", "diesen artikel teilen", "teilen", "weiterleiten",
         "tweeten", "drucken", "versenden", "merken",
         "compartir", "comparte", "compartir esta noticia", "compartir este artículo", "imprimir", "enviar", "guardar",
         "partager", "partager cet article", "imprimer", "envoyer", "condividi", "condividi questo", "condividi l'articolo",
         "stampa", "salva", "udostępnij", "podziel się", "drukuj", "zapisz", "paylaş", "haberi paylaş", "yazdır",
         "haberi kaydet", "kaydet", "поделиться", "печать", "compartilhar", "partilhar", "شارك", "مشاركة", "分享", "打印")
SHARE_JOINS = ("auf", "per", "via", "en", "por", "sur", "par", "su", "na", "w", "przez", "в", "no", "em", "على")
# an advertisement marker, or a line that says the story goes on after one
ADVERTISEMENT = ("anzeige", "werbung", "gesponsert", "weiter nach der anzeige", "artikel wird nach der anzeige fortgesetzt",
                 "publicidad", "anuncio", "patrocinado", "publicité", "la suite après la publicité", "sponsorisé",
                 "pubblicità", "annuncio pubblicitario", "sponsorizzato", "reklama", "dalsza część artykułu pod reklamą",
                 "dalsza część tekstu pod reklamą", "dalsza część tekstu pod galerią", "artykuł sponsorowany", "reklam",
                 "sponsorlu", "реклама", "publicidade", "إعلان", "广告")
# "reading time: 3 min" and "3 min read", by the words before the figure and after it
READING_BEFORE = ("lesezeit", "lesedauer", "tiempo de lectura", "lectura", "temps de lecture", "lecture",
                  "tempo di lettura", "lettura", "czas czytania", "czas lektury", "okuma süresi", "время чтения",
                  "tempo de leitura", "leitura")
READING_AFTER = ("lesezeit", "lesedauer", "de lectura", "lectura", "de lecture", "lecture", "di lettura", "lettura",
                 "czytania", "lektury", "okuma", "okuma süresi", "чтения", "de leitura", "leitura")
MINUTES = ("min", "min.", "minuten", "minutos", "minutes", "minuti", "minut", "dk", "dk.", "dakika", "dakikalık", "мин",
           "мин.", "минут", "минуты", "minutos")
# "1.234 Aufrufe", "12 comentarios"
COUNTED = ("aufrufe", "kommentare", "kommentar", "visitas", "comentarios", "comentario", "vues", "commentaires",
           "commentaire", "visualizzazioni", "commenti", "commento", "wyświetleń", "wyświetlenia", "komentarzy",
           "komentarze", "görüntülenme", "okunma", "yorum", "просмотров", "просмотра", "комментариев", "visualizações",
           "comentários")
# "Aktualisiert am 3. März 2024", "Publié le 3 mars 2024": the words before a date (published: kept as the date)
UPDATED = ("aktualisiert", "aktualisiert am", "aktualisierung", "zuletzt aktualisiert", "actualizado", "actualizado el",
           "actualización", "última actualización", "mis à jour", "mis à jour le", "mise à jour", "aggiornato",
           "aggiornato il", "aggiornamento", "ultimo aggiornamento", "aktualizacja", "zaktualizowano", "güncelleme",
           "güncellenme", "son güncelleme", "güncellenme tarihi", "обновлено", "atualizado", "atualizado em")
PUBLISHED = ("veröffentlicht", "veröffentlicht am", "erschienen", "erschienen am", "publicado", "publicado el", "publié",
             "publié le", "pubblicato", "pubblicato il", "opublikowano", "data publikacji", "yayınlanma", "yayınlanma tarihi",
             "yayın tarihi", "опубликовано", "publicado em")
COPYRIGHT = ("alle rechte vorbehalten", "todos los derechos reservados", "tous droits réservés", "tutti i diritti riservati",
             "wszelkie prawa zastrzeżone", "tüm hakları saklıdır", "все права защищены", "todos os direitos reservados",
             "جميع الحقوق محفوظة", "版权所有")
# a newsletter or subscription pitch, by the verb it opens with
SUBSCRIBE = ("newsletter abonnieren", "jetzt abonnieren", "abonnieren sie", "suscríbete", "suscribirse", "suscríbase",
             "abonnez-vous", "s'abonner", "inscrivez-vous", "iscriviti", "abbonati", "zapisz się", "subskrybuj",
             "zaprenumeruj", "abone ol", "bültenimize abone olun", "подпишитесь", "подписаться", "assine", "inscreva-se")
# what a pitch offers ("… unseren Newsletter", "… nuestro boletín"): with a subscribe verb, a pitch
OFFERS = ("newsletter", "newsletters", "boletín", "boletines", "lettre d'information", "infolettre", "notiziario",
          "biuletyn", "newslettera", "bülten", "bültenimiz", "рассылку", "рассылки", "канал", "kanal", "kanalımıza",
          "e-paper", "abo", "abonnement", "suscripción", "abbonamento", "prenumeratę", "aboneliği", "подписку")
# pointers to other stories
RELATED = ("lesen sie auch", "lesen sie mehr", "lesen sie weiter", "mehr zum thema", "mehr lesen", "weiterlesen",
           "auch interessant", "das könnte sie auch interessieren", "den vollständigen artikel lesen", "zum artikel",
           "leer más", "lee también", "lea también", "te puede interesar", "más noticias", "noticias relacionadas",
           "sigue leyendo", "lire aussi", "lire la suite", "à lire aussi", "à lire ensuite", "voir aussi",
           "sur le même sujet", "leggi anche", "leggi di più", "leggi avanti", "potrebbe interessarti", "continua a leggere",
           "czytaj także", "czytaj też", "czytaj więcej", "czytaj dalej", "zobacz też", "zobacz także", "polecamy",
           "devamını oku", "devamı", "ilgili haberler", "ayrıca bakınız", "sıradaki haber", "читайте также", "по теме",
           "читать далее", "leia também", "leia mais", "اقرأ أيضا", "اقرأ التالي", "相关新闻", "阅读更多")
# labels before a credit or a source ("Kaynak: AA", "Quelle: dpa")
CREDIT = ("quelle", "foto", "bild", "fuente", "source", "fonte", "źródło", "zdjęcie", "fot", "kaynak", "fotoğraf",
          "источник", "фото", "crédito", "crédit", "credito")
# labels before an author's name
AUTHOR = ("autor", "autorin", "autora", "auteur", "autore", "yazar", "автор", "redacción", "rédaction", "redakcja")
# the word before a byline's name ("Von Ana Weber", "Por Ana Pérez", "Par Anne Martin")
BYLINE = ("von", "por", "par")
