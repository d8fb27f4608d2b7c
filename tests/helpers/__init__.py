"""Code the tests share: graphs compared by isomorphism, corpora, fixtures' servers, browsers."""
