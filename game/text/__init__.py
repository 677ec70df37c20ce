"""Words and letters: interface strings in EN/FR, engine events and refusals in words, fonts."""
