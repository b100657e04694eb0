"""The pipeline's domain layer: the stage table and the rules of challenges, solutions, selection and adoption."""
