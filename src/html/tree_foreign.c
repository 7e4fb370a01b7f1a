/*
 * Tables for foreign content (WHATWG HTML 13.2.6.5 and "adjust SVG
 * attributes", "adjust MathML attributes", "adjust foreign attributes"):
 * the case-adjusted SVG tag and attribute names, and the namespaced
 * attributes. Written once from the standard's lists; test_treebuilder
 * checks that each table is sorted and every entry finds itself.
 */
#include <string.h>

#include "tree_foreign.h"

/* lower-case name -> SVG name, sorted by the lower-case name */
static const pith_name_map svg_tags[] = {
    {"altglyph", "altGlyph"},
    {"altglyphdef", "altGlyphDef"},
    {"altglyphitem", "altGlyphItem"},
    {"animatecolor", "animateColor"},
    {"animatemotion", "animateMotion"},
    {"animatetransform", "animateTransform"},
    {"clippath", "clipPath"},
    {"feblend", "feBlend"},
    {"fecolormatrix", "feColorMatrix"},
    {"fecomponenttransfer", "feComponentTransfer"},
    {"fecomposite", "feComposite"},
    {"feconvolvematrix", "feConvolveMatrix"},
    {"fediffuselighting", "feDiffuseLighting"},
    {"fedisplacementmap", "feDisplacementMap"},
    {"fedistantlight", "feDistantLight"},
    {"fedropshadow", "feDropShadow"},
    {"feflood", "feFlood"},
    {"fefunca", "feFuncA"},
    {"fefuncb", "feFuncB"},
    {"fefuncg", "feFuncG"},
    {"fefuncr", "feFuncR"},
    {"fegaussianblur", "feGaussianBlur"},
    {"feimage", "feImage"},
    {"femerge", "feMerge"},
    {"femergenode", "feMergeNode"},
    {"femorphology", "feMorphology"},
    {"feoffset", "feOffset"},
    {"fepointlight", "fePointLight"},
    {"fespecularlighting", "feSpecularLighting"},
    {"fespotlight", "feSpotLight"},
    {"fetile", "feTile"},
    {"feturbulence", "feTurbulence"},
    {"foreignobject", "foreignObject"},
    {"glyphref", "glyphRef"},
    {"lineargradient", "linearGradient"},
    {"radialgradient", "radialGradient"},
    {"textpath", "textPath"},
};

static const pith_name_map svg_attrs[] = {
    {"attributename", "attributeName"},
    {"attributetype", "attributeType"},
    {"basefrequency", "baseFrequency"},
    {"baseprofile", "baseProfile"},
    {"calcmode", "calcMode"},
    {"clippathunits", "clipPathUnits"},
    {"diffuseconstant", "diffuseConstant"},
    {"edgemode", "edgeMode"},
    {"filterunits", "filterUnits"},
    {"glyphref", "glyphRef"},
    {"gradienttransform", "gradientTransform"},
    {"gradientunits", "gradientUnits"},
    {"kernelmatrix", "kernelMatrix"},
    {"kernelunitlength", "kernelUnitLength"},
    {"keypoints", "keyPoints"},
    {"keysplines", "keySplines"},
    {"keytimes", "keyTimes"},
    {"lengthadjust", "lengthAdjust"},
    {"limitingconeangle", "limitingConeAngle"},
    {"markerheight", "markerHeight"},
    {"markerunits", "markerUnits"},
    {"markerwidth", "markerWidth"},
    {"maskcontentunits", "maskContentUnits"},
    {"maskunits", "maskUnits"},
    {"numoctaves", "numOctaves"},
    {"pathlength", "pathLength"},
    {"patterncontentunits", "patternContentUnits"},
    {"patterntransform", "patternTransform"},
    {"patternunits", "patternUnits"},
    {"pointsatx", "pointsAtX"},
    {"pointsaty", "pointsAtY"},
    {"pointsatz", "pointsAtZ"},
    {"preservealpha", "preserveAlpha"},
    {"preserveaspectratio", "preserveAspectRatio"},
    {"primitiveunits", "primitiveUnits"},
    {"refx", "refX"},
    {"refy", "refY"},
    {"repeatcount", "repeatCount"},
    {"repeatdur", "repeatDur"},
    {"requiredextensions", "requiredExtensions"},
    {"requiredfeatures", "requiredFeatures"},
    {"specularconstant", "specularConstant"},
    {"specularexponent", "specularExponent"},
    {"spreadmethod", "spreadMethod"},
    {"startoffset", "startOffset"},
    {"stddeviation", "stdDeviation"},
    {"stitchtiles", "stitchTiles"},
    {"surfacescale", "surfaceScale"},
    {"systemlanguage", "systemLanguage"},
    {"tablevalues", "tableValues"},
    {"targetx", "targetX"},
    {"targety", "targetY"},
    {"textlength", "textLength"},
    {"viewbox", "viewBox"},
    {"viewtarget", "viewTarget"},
    {"xchannelselector", "xChannelSelector"},
    {"ychannelselector", "yChannelSelector"},
    {"zoomandpan", "zoomAndPan"},
};

/* token attribute name -> namespace and local name */
static const pith_foreign_attr foreign_attrs[] = {
    {"xlink:actuate", "actuate", PITH_NS_XLINK},
    {"xlink:arcrole", "arcrole", PITH_NS_XLINK},
    {"xlink:href", "href", PITH_NS_XLINK},
    {"xlink:role", "role", PITH_NS_XLINK},
    {"xlink:show", "show", PITH_NS_XLINK},
    {"xlink:title", "title", PITH_NS_XLINK},
    {"xlink:type", "type", PITH_NS_XLINK},
    {"xml:lang", "lang", PITH_NS_XML},
    {"xml:space", "space", PITH_NS_XML},
    {"xmlns", "xmlns", PITH_NS_XMLNS},
    {"xmlns:xlink", "xlink", PITH_NS_XMLNS},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Compares a length-delimited name with a C string, as strcmp would. */
static int cmp_name(const char *p, size_t n, const char *s)
{
    size_t sl = strlen(s);
    int c = memcmp(p, s, n < sl ? n : sl);
    if (c) return c;
    return (n > sl) - (n < sl);
}

static const char *map_find(const pith_name_map *m, size_t count, const char *p, size_t n)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_name(p, n, m[mid].from);
        if (c == 0) return m[mid].to;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

const char *pith_svg_tag_adjust(const char *p, size_t n) { return map_find(svg_tags, COUNT(svg_tags), p, n); }

const char *pith_svg_attr_adjust(const char *p, size_t n) { return map_find(svg_attrs, COUNT(svg_attrs), p, n); }

const pith_foreign_attr *pith_foreign_attr_adjust(const char *p, size_t n)
{
    /* every entry starts with "xlink:", "xml:" or "xmlns" */
    if (n < 5 || p[0] != 'x' || (p[1] != 'l' && p[1] != 'm')) return NULL;
    for (size_t i = 0; i < COUNT(foreign_attrs); i++)
        if (cmp_name(p, n, foreign_attrs[i].from) == 0) return &foreign_attrs[i];
    return NULL;
}

const pith_name_map *pith_svg_tag_table(size_t *n)
{
    *n = COUNT(svg_tags);
    return svg_tags;
}

const pith_name_map *pith_svg_attr_table(size_t *n)
{
    *n = COUNT(svg_attrs);
    return svg_attrs;
}
