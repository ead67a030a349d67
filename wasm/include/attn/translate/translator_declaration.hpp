// The translator as JS sees it, declared once (attn/declare/model.hpp): its options and methods.
#pragma once

#include "attn/declare/model.hpp"
#include "attn/translate/translator.hpp"

namespace attn::translate {

const declare::ModelDeclaration<Translator>& translator_declaration();

}  // namespace attn::translate
