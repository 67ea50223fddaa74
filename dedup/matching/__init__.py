"""Matching: from signatures to clusters. LSH candidates (:mod:`.lsh`), the similarity tests
and their estimates (:mod:`.similarity`), corpus boilerplate (:mod:`.boilerplate`), and the
chain-free clustering of linked groups (:mod:`.cluster`, :mod:`.walk`)."""
