//! Splits text into words the way people search photo metadata: at anything
//! that is not a letter or digit, and where letters meet digits. "EF24-105mm
//! f/4L" gives `ef 24 105 mm f 4 l`, so `lens:24-105` (the phrase "24 105")
//! finds it, and `5d` finds "EOS 5D Mark II". Queries go through the same
//! split, so a word typed whole ("img1234") still finds itself.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    /// Byte offset of the next character to look at.
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Class {
    Letter,
    Digit,
    Other,
}

fn class(c: char) -> Class {
    if c.is_numeric() {
        Class::Digit
    } else if c.is_alphanumeric() {
        Class::Letter
    } else {
        Class::Other
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.at..];
        let Some((start, first)) = rest.char_indices().find(|(_, c)| class(*c) != Class::Other)
        else {
            self.at = self.text.len();
            return false;
        };
        let kind = class(first);
        let length = rest[start..]
            .char_indices()
            .find(|(_, c)| class(*c) != kind)
            .map_or(rest.len() - start, |(i, _)| i);
        let (from, to) = (self.at + start, self.at + start + length);
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.at = to;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        words
    }

    #[test]
    fn letters_and_digits_are_separate_words() {
        assert_eq!(
            split("EF24-105mm f/4L"),
            ["EF", "24", "105", "mm", "f", "4", "L"]
        );
        assert_eq!(split("Zürich, 2019"), ["Zürich", "2019"]);
        assert_eq!(split("  --  "), Vec::<String>::new());
        assert_eq!(split("IMG_0042.JPG"), ["IMG", "0042", "JPG"]);
    }
}
