-- issue 16.4: the reading's impression as an annotation kind (additive).
ALTER TYPE "AnnotationKind" ADD VALUE 'IMPRESSION';
