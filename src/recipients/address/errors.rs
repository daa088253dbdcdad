//! The letter address errors of the API's `validate_address` (spec §4.6), all returned as
//! 400 `ValidationError`, with their exact wording.

/// Why a letter address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressError {
    NotEnoughLines,
    TooManyLines,
    FirstTwoLinesNotAlphanumeric,
    BfpoWithCountry,
    NotAUkPostcode,
    NotAUkPostcodeOrCountry,
    InvalidCharacters,
    NoFixedAbode,
}

impl AddressError {
    /// The `message` of the `ValidationError`.
    pub fn message(&self) -> &'static str {
        match self {
            AddressError::NotEnoughLines => "Address must be at least 3 lines",
            AddressError::TooManyLines => "Address must be no more than 7 lines",
            AddressError::FirstTwoLinesNotAlphanumeric => {
                "The first 2 lines of the address must both include at least one alphanumeric character"
            }
            AddressError::BfpoWithCountry => "The last line of a BFPO address must not be a country.",
            AddressError::NotAUkPostcode => "Must be a real UK postcode",
            AddressError::NotAUkPostcodeOrCountry => "Last line of address must be a real UK postcode or another country",
            AddressError::InvalidCharacters => {
                "Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >"
            }
            AddressError::NoFixedAbode => "Must be a real address",
        }
    }
}

impl std::fmt::Display for AddressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for AddressError {}
