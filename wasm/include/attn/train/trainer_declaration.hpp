// The trainer as JS sees it, declared once (attn/declare/model.hpp): its options and methods.
#pragma once

#include "attn/declare/model.hpp"
#include "attn/train/trainer.hpp"

namespace attn::train {

const declare::ModelDeclaration<Trainer>& trainer_declaration();

}  // namespace attn::train
