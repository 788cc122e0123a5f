-- issue 16.3: a length measurement annotation kind (additive).
ALTER TYPE "AnnotationKind" ADD VALUE 'LENGTH';
