// The language model as JS sees it, declared once (attn/declare/model.hpp): its options and
// methods.
#pragma once

#include "attn/declare/model.hpp"
#include "attn/lm/language_model.hpp"

namespace attn::lm {

const declare::ModelDeclaration<LanguageModel>& language_model_declaration();

}  // namespace attn::lm
