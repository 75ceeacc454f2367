// glasses' LibTorch layer: the module interfaces that configs build against.
#ifndef GLASSES_NN_HPP
#define GLASSES_NN_HPP

#include <glasses/config.hpp>
#include <glasses/nn/image_classifier.hpp>
#include <glasses/nn/module.hpp>
#include <glasses/nn/pretrained.hpp>
#include <glasses/safetensors.hpp>

#endif
