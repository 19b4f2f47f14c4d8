from ..errors import CovidbriefError
class DoccanoError(CovidbriefError):
    pass
