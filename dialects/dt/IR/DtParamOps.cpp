//===- DtParamOps.cpp - parameters and knobs ------------------------------===//

#include "dialects/dt/IR/DtOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"

#include <cmath>

using namespace mlir;
using namespace mlir::dt;

//===----------------------------------------------------------------------===//
// dt.param_load
//===----------------------------------------------------------------------===//

LogicalResult
ParamLoadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto param =
      symbolTable.lookupNearestSymbolFrom<ParamOp>(*this, getParamAttr());
  if (!param)
    return emitOpError("'@") << getParam() << "' does not reference a dt.param";
  RankedTensorType declared = param.getTensorType();
  RankedTensorType result = getResult().getType();
  ArrayRef<int64_t> expected = declared.getShape();
  if (getLayer()) {
    if (declared.getRank() == 0)
      return emitOpError("cannot read a layer of rank-0 parameter @")
             << getParam();
    expected = expected.drop_front();
  }
  if (result.getElementType() != declared.getElementType() ||
      failed(verifyCompatibleShape(result.getShape(), expected)))
    return emitOpError("result type ")
           << result << " is not compatible with "
           << (getLayer() ? "one layer of " : "") << "parameter @"
           << getParam() << " of type " << declared;
  return success();
}

//===----------------------------------------------------------------------===//
// dt.knob
//===----------------------------------------------------------------------===//

/// Knob values are compared as doubles: every knob type converts exactly
/// enough for range checks (integers up to 2^53, floats up to f64).
static std::optional<double> knobValueAsDouble(Attribute value) {
  if (auto f = dyn_cast<FloatAttr>(value))
    return f.getValueAsDouble();
  if (auto i = dyn_cast<IntegerAttr>(value))
    return i.getType().isInteger(1) ? static_cast<double>(i.getValue().getBoolValue())
                                    : static_cast<double>(i.getInt());
  return std::nullopt;
}

/// Prints a float as the shortest decimal that reads back to the same value
/// in its own precision, always with a '.' or exponent so that it parses as
/// a float: `0.9`, not `0.899999976`; `1.0`, not `1.000000e+00`.
static void printShortestFloat(OpAsmPrinter &p, const llvm::APFloat &value) {
  if (!value.isFinite()) {
    p.printFloat(value);
    return;
  }
  llvm::SmallString<32> text;
  for (unsigned digits = 1; digits <= 17; ++digits) {
    text.clear();
    value.toString(text, digits, /*FormatMaxPadding=*/6);
    llvm::APFloat back(value.getSemantics());
    llvm::Expected<llvm::APFloat::opStatus> status =
        back.convertFromString(text, llvm::APFloat::rmNearestTiesToEven);
    if (!status) {
      llvm::consumeError(status.takeError());
      continue;
    }
    if (back.bitwiseIsEqual(value))
      break;
  }
  if (llvm::StringRef(text).find_first_of(".eE") == llvm::StringRef::npos)
    text += ".0";
  p << text;
}

static void printKnobNumber(OpAsmPrinter &p, Type type, double value) {
  if (isa<IntegerType>(type))
    p << static_cast<int64_t>(value);
  else
    printShortestFloat(p, llvm::APFloat(value));
}

Type KnobOp::getElementType() {
  if (auto vector = dyn_cast<RankedTensorType>(getType()))
    return vector.getElementType();
  return getType();
}

bool KnobOp::contains(double value) {
  if (std::optional<llvm::APFloat> lo = getMin()) {
    double min = lo->convertToDouble();
    if (value < min || (getMinExclusive() && value == min))
      return false;
  }
  if (std::optional<llvm::APFloat> hi = getMax()) {
    double max = hi->convertToDouble();
    if (value > max || (getMaxExclusive() && value == max))
      return false;
  }
  return true;
}

std::optional<double> KnobOp::getSingletonValue() {
  std::optional<llvm::APFloat> lo = getMin(), hi = getMax();
  if (!lo || !hi || getMinExclusive() || getMaxExclusive() ||
      lo->convertToDouble() != hi->convertToDouble())
    return std::nullopt;
  return lo->convertToDouble();
}

LogicalResult CountOp::verify() {
  if (getName().empty())
    return emitOpError("needs a counter name");
  return success();
}

LogicalResult KnobOp::verify() {
  Type type = getElementType();
  auto vector = dyn_cast<RankedTensorType>(getType());
  if ((!isa<FloatType>(type) && !type.isSignlessInteger()) ||
      (vector && vector.getRank() != 1))
    return emitOpError("type must be a float or signless integer type, or a "
                       "rank-1 tensor of one, got ")
           << getType();
  auto def = cast<TypedAttr>(getDefaultValue());
  if (def.getType() != type)
    return emitOpError("default value type ")
           << def.getType() << " does not match the knob type " << type;
  if (getMin().has_value() != getMax().has_value())
    return emitOpError("range needs both a lower and an upper bound");
  if (getMin()) {
    double lo = getMin()->convertToDouble(), hi = getMax()->convertToDouble();
    if (std::isnan(lo) || std::isnan(hi))
      return emitOpError("range bounds must be numbers, not NaN");
    if (lo > hi || (lo == hi && (getMinExclusive() || getMaxExclusive())))
      return emitOpError("range is empty");
  }
  std::optional<double> value = knobValueAsDouble(def);
  // The runtime rejects an artifact whose default is not finite.
  if (value && !std::isfinite(*value))
    return emitOpError("default value ") << def << " is not a finite number";
  if (!value || !contains(*value))
    return emitOpError("default value ") << def << " is outside the range";
  return success();
}

void KnobOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << " : " << getType() << " = ";
  Type type = getElementType();
  Attribute def = getDefaultValue();
  if (auto f = dyn_cast<FloatAttr>(def))
    printShortestFloat(p, f.getValue());
  else if (auto i = dyn_cast<IntegerAttr>(def); i && i.getType().isInteger(1))
    p << (i.getValue().getBoolValue() ? "true" : "false");
  else if (auto i = dyn_cast<IntegerAttr>(def))
    p << i.getInt();
  else
    p.printAttributeWithoutType(def);
  if (getMin()) {
    p << " in " << (getMinExclusive() ? "(" : "[");
    printKnobNumber(p, type, getMin()->convertToDouble());
    p << ", ";
    printKnobNumber(p, type, getMax()->convertToDouble());
    p << (getMaxExclusive() ? ")" : "]");
  }
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getSymNameAttrName(), getTypeAttrName(),
                           getDefaultValueAttrName(), getMinAttrName(),
                           getMaxAttrName(), getMinExclusiveAttrName(),
                           getMaxExclusiveAttrName()});
}

/// Range bounds are written as integers for integer knobs, floats otherwise.
static ParseResult parseKnobNumber(OpAsmParser &parser, Type type,
                                   double &value) {
  if (!isa<IntegerType>(type))
    return parser.parseFloat(value);
  int64_t i;
  if (parser.parseInteger(i))
    return failure();
  value = static_cast<double>(i);
  return success();
}

ParseResult KnobOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  Type type;
  Attribute def;
  if (parser.parseSymbolName(name) || parser.parseColonType(type) ||
      parser.parseEqual())
    return failure();
  // Defaults and bounds are of one value: a vector knob's element type.
  Type element = type;
  if (auto vector = dyn_cast<RankedTensorType>(type))
    element = vector.getElementType();
  if (parser.parseAttribute(def, element))
    return failure();
  Builder &b = parser.getBuilder();
  result.addAttribute(getSymNameAttrName(result.name), name);
  result.addAttribute(getTypeAttrName(result.name), TypeAttr::get(type));
  result.addAttribute(getDefaultValueAttrName(result.name), def);
  if (succeeded(parser.parseOptionalKeyword("in"))) {
    bool minExclusive = succeeded(parser.parseOptionalLParen());
    if (!minExclusive && failed(parser.parseOptionalLSquare()))
      return parser.emitError(parser.getCurrentLocation(),
                              "expected '[' or '(' to open the range of knob @")
             << name.getValue();
    double lo, hi;
    if (parseKnobNumber(parser, element, lo) || parser.parseComma() ||
        parseKnobNumber(parser, element, hi))
      return failure();
    bool maxExclusive = succeeded(parser.parseOptionalRParen());
    if (!maxExclusive && failed(parser.parseOptionalRSquare()))
      return parser.emitError(parser.getCurrentLocation(),
                              "expected ']' or ')' to close the range of knob @")
             << name.getValue();
    result.addAttribute(getMinAttrName(result.name), b.getF64FloatAttr(lo));
    result.addAttribute(getMaxAttrName(result.name), b.getF64FloatAttr(hi));
    if (minExclusive)
      result.addAttribute(getMinExclusiveAttrName(result.name), b.getUnitAttr());
    if (maxExclusive)
      result.addAttribute(getMaxExclusiveAttrName(result.name), b.getUnitAttr());
  }
  return parser.parseOptionalAttrDict(result.attributes);
}

//===----------------------------------------------------------------------===//
// dt.knob_get
//===----------------------------------------------------------------------===//

LogicalResult KnobGetOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto knob = symbolTable.lookupNearestSymbolFrom<KnobOp>(*this, getKnobAttr());
  if (!knob)
    return emitOpError("'@") << getKnob() << "' does not reference a dt.knob";
  if (knob.getElementType() != getResult().getType())
    return emitOpError("result type ")
           << getResult().getType() << " does not match the type "
           << knob.getElementType() << " of knob @" << getKnob()
           << (knob.isVector() ? "'s elements" : "");
  if (knob.isVector() != static_cast<bool>(getIndex()))
    return emitOpError() << "knob @" << getKnob()
                         << (knob.isVector()
                                 ? " is a vector: read an element, [%index]"
                                 : " is a scalar: read it without an index");
  return success();
}

OpFoldResult KnobGetOp::fold(FoldAdaptor) {
  // A knob whose range admits one value is a compile-time constant.
  auto knob = SymbolTable::lookupNearestSymbolFrom<KnobOp>(*this, getKnobAttr());
  if (!knob || knob.getElementType() != getType())
    return {};
  std::optional<double> value = knob.getSingletonValue();
  if (!value)
    return {};
  if (auto f = dyn_cast<FloatType>(getType()))
    return FloatAttr::get(f, *value);
  return IntegerAttr::get(getType(), static_cast<int64_t>(*value));
}
